// The other side of the wire-compatibility test: Microsoft's own JavaScript clients
// (@azure/data-tables, @azure/storage-queue) reading what our C# clients wrote, and writing
// what our C# clients must read. Usage: node wire-peer.mjs read|write <connectionString> <table> <queue>
import { TableClient } from "@azure/data-tables";
import { QueueClient } from "@azure/storage-queue";

const [mode, connectionString, tableName, queueName] = process.argv.slice(2);
const table = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
const queue = new QueueClient(connectionString, queueName);

// Messages are base64 of UTF-8 text on the wire, as the Functions host expects.
const encode = (text) => Buffer.from(text, "utf8").toString("base64");
const decode = (wire) => Buffer.from(wire, "base64").toString("utf8");

if (mode === "read") {
  // disableTypeConversion returns every property as { value: string, type: "Int64" | ... }: exact types.
  const entity = await table.getEntity("fromDotnet", "row-1", { disableTypeConversion: true });
  const properties = {};
  for (const [name, v] of Object.entries(entity)) {
    if (["partitionKey", "rowKey", "etag", "timestamp", "odata.metadata"].includes(name)) continue;
    properties[name] = typeof v === "object" && v !== null ? v : { value: String(v), type: typeof v };
  }
  const received = await queue.receiveMessages({ numberOfMessages: 1 });
  const message = received.receivedMessageItems[0];
  await queue.deleteMessage(message.messageId, message.popReceipt);
  console.log(JSON.stringify({ properties, message: decode(message.messageText) }));
} else if (mode === "write") {
  await table.createEntity({
    partitionKey: "fromNode",
    rowKey: "row-1",
    Text: "नमस्ते 👋 'quoted' \"double\"",
    Int: 42,
    Long: { value: "9007199254740993", type: "Int64" },
    Double: { value: "2", type: "Double" },
    Fraction: 3.5,
    Flag: true,
    When: new Date(Date.UTC(2025, 5, 29, 10, 15, 0, 123)),
    Id: { value: "6f9619ff-8b86-d011-b42d-00c04fc964ff", type: "Guid" },
    Bytes: new Uint8Array([0, 1, 2, 255]),
  });
  await queue.sendMessage(encode(JSON.stringify({ v: 1, text: "héllo <&> 👋" })));
  console.log("{}");
} else {
  console.error("usage: wire-peer.mjs read|write <connectionString> <table> <queue>");
  process.exit(2);
}
