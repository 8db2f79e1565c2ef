using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using WaFunctions.Webhooks;

namespace WaFunctions.OpenApi;

/// <summary>
/// The document's <c>webhooks</c> section (OpenAPI 3.1): one entry per event of <see cref="WebhookCatalogue"/>, a POST
/// whose body is the event envelope <c>{ id, type, sessionId?, timestamp, data }</c> with <c>data</c>'s schema generated
/// from the type the handlers serialize, and the catalogue's example. Each envelope is also a component
/// (<c>Webhook</c> + the type in Pascal case, e.g. <c>WebhookMessageReceived</c>).
/// </summary>
internal static class WebhookDocumentation
{
    public static async Task AddAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        foreach (var e in WebhookCatalogue.Events)
        {
            // A type the endpoints also answer with is one component, referenced; the others are inlined.
            IOpenApiSchema data = document.Components?.Schemas?.ContainsKey(e.DataType.Name) == true
                ? new OpenApiSchemaReference(e.DataType.Name, document)
                : MarkNullableObjects(await context.GetOrCreateSchemaAsync(e.DataType, null, ct), e.DataType);
            var required = new HashSet<string> { "id", "type", "timestamp", "data" };
            if (e.HasSession) required.Add("sessionId");
            var envelope = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = e.Summary,
                Required = required,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^evt_", Description = "The event's id: the same on every retry and redelivery (also the webhook-id header)." },
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(e.Type)] },
                    ["sessionId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The number the event belongs to." },
                    ["timestamp"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                    ["data"] = data,
                },
            };
            var name = "Webhook" + string.Concat(e.Type.Split('.', '_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
            document.AddComponent<IOpenApiSchema>(name, envelope);
            document.Webhooks[e.Type] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Post] = new OpenApiOperation
                    {
                        OperationId = "Webhook" + name["Webhook".Length..],
                        Summary = e.Type,
                        Description = e.Summary + " Signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); see EVENTS.md.",
                        RequestBody = new OpenApiRequestBody
                        {
                            Required = true,
                            Content = new Dictionary<string, OpenApiMediaType>
                            {
                                ["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(name, document), Example = Example(e) },
                            },
                        },
                        Responses = new OpenApiResponses
                        {
                            ["2XX"] = new OpenApiResponse { Description = "Received. Any 2xx; 410 disables the webhook; anything else is retried with backoff." },
                        },
                    },
                },
            };
        }
    }

    /// <summary>
    /// A schema transformer: a property left out when empty (<c>[JsonIgnore(Condition = WhenWritingNull)]</c>) is not
    /// required, whatever the constructor says.
    /// </summary>
    public static Task OmittedNullsAreOptional(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object || schema.Required is not { Count: > 0 } required)
            return Task.CompletedTask;
        foreach (var p in context.JsonTypeInfo.Properties)
            if (p.AttributeProvider?.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true)
                    .OfType<System.Text.Json.Serialization.JsonIgnoreAttribute>()
                    .Any(a => a.Condition is System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull or System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault) == true)
                required.Remove(p.Name);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A schema generated for a type outside any endpoint has its nested objects inlined, and there the generator drops
    /// that a nullable object or list may be null (at a reference it writes <c>oneOf: [null, $ref]</c>). Put it back from
    /// the type's nullable annotations, all the way down.
    /// </summary>
    private static IOpenApiSchema MarkNullableObjects(IOpenApiSchema schema, Type type)
    {
        if (schema is not OpenApiSchema s || s.Properties is null) return schema;
        var nullability = new System.Reflection.NullabilityInfoContext();
        foreach (var property in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            var name = property.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), true)
                .OfType<System.Text.Json.Serialization.JsonPropertyNameAttribute>().FirstOrDefault()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!s.Properties.TryGetValue(name, out var p) || p is not OpenApiSchema child) continue;
            if (nullability.Create(property).ReadState == System.Reflection.NullabilityState.Nullable && child.Type is { } t
                && (t.HasFlag(JsonSchemaType.Object) || t.HasFlag(JsonSchemaType.Array)) && !t.HasFlag(JsonSchemaType.Null))
                child.Type = t | JsonSchemaType.Null;
            var element = property.PropertyType == typeof(string) ? null
                : property.PropertyType.GetInterfaces().Append(property.PropertyType)
                    .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
            if (element is not null && child.Items is { } items) MarkNullableObjects(items, element);
            else if (property.PropertyType.IsClass && property.PropertyType != typeof(string)) MarkNullableObjects(child, property.PropertyType);
        }
        return schema;
    }

    /// <summary>The envelope of the catalogue's example, serialized exactly as deliveries are.</summary>
    public static JsonNode Example(WebhookEventDoc e)
    {
        var payload = new WebhookEvent("evt_3f0c9a1b2c4d5e6f7a8b9c0d1e2f3a4b", e.Type, e.HasSession ? "n1a2b3c" : null,
            new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero), JsonSerializer.SerializeToElement(e.Example, e.DataType, WebhookEvent.Json));
        return JsonNode.Parse(payload.ToBody())!;
    }
}
