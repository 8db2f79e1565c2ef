using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using WaFunctions.Api;
using WaFunctions.Errors;

namespace WaFunctions.OpenApi;

/// <summary>A type whose schema carries an example: a real instance, serialized like a real answer, so it cannot drift.</summary>
public interface IHasExample
{
    static abstract object Example { get; }
}

/// <summary>
/// The values a string field (or each item of a list field) may take, read from the very list the code validates
/// against: <c>[property: Choices(typeof(Contact), nameof(Contact.Stages))]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ChoicesAttribute(Type owner, string member) : Attribute
{
    public IEnumerable<string> Values =>
        (IEnumerable<string>)(owner.GetField(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
            ?? owner.GetProperty(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
            ?? throw new InvalidOperationException($"{owner.Name}.{member} is not a static list of strings."));
}

/// <summary>Schema names in the user's words, PATCH fields as their plain types, and examples.</summary>
internal static class OpenApiSchemas
{
    /// <summary>
    /// <c>ContactView</c> → Contact, <c>Envelope&lt;ContactView&gt;</c> → ContactResult, <c>Envelope&lt;IReadOnlyList&lt;SessionView&gt;&gt;</c>
    /// → SessionList, <c>Page&lt;ContactView&gt;</c> → ContactPage; <c>Optional&lt;T&gt;</c> is written inline as T.
    /// </summary>
    public static string? ReferenceId(JsonTypeInfo info) =>
        IsOptional(info.Type) ? null : Name(info.Type) ?? OpenApiOptions.CreateDefaultSchemaReferenceId(info);

    private static bool IsOptional(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>);

    private static string? Name(Type type)
    {
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var argument = type.GetGenericArguments()[0];
            if (definition == typeof(Page<>)) return Plain(argument) + "Page";
            if (definition == typeof(Envelope<>))
                return ItemOf(argument) is { } item ? Plain(item) + "List" : Plain(argument) + "Result";
        }
        return type.IsClass && type.Name.EndsWith("View", StringComparison.Ordinal) && type != typeof(string) ? Plain(type) : null;
    }

    private static string Plain(Type type) => type.Name.EndsWith("View", StringComparison.Ordinal) ? type.Name[..^4] : type.Name;

    private static Type? ItemOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IReadOnlyList<>) || d == typeof(List<>) || d == typeof(IEnumerable<>))
            ? type.GetGenericArguments()[0]
            : null;

    public static async Task Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (IsOptional(type))
        {
            // A PATCH field is its value's type; sending null clears it (the operation's description says which cannot be cleared).
            var inner = await context.GetOrCreateSchemaAsync(type.GetGenericArguments()[0], null, ct);
            if (inner.Metadata?.TryGetValue("x-schema-id", out var id) == true && id is string { Length: > 0 })
            {
                // An object field: its own schema, or null.
                schema.OneOf = [inner, new OpenApiSchema { Type = JsonSchemaType.Null }];
                return;
            }
            schema.Type = (inner.Type ?? JsonSchemaType.Object) | JsonSchemaType.Null;
            schema.Format = inner.Format;
            schema.Items = inner.Items;
            schema.Properties = inner.Properties;
            schema.Required = inner.Required;
            schema.Enum = inner.Enum;
            schema.AdditionalProperties = inner.AdditionalProperties;
            schema.Metadata = inner.Metadata;
        }
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(ChoicesAttribute), false).FirstOrDefault() is ChoicesAttribute choices)
        {
            var target = schema.Items as OpenApiSchema ?? schema;
            target.Enum = choices.Values.Select(v => (System.Text.Json.Nodes.JsonNode?)System.Text.Json.Nodes.JsonValue.Create(v)).ToList()!;
            // A field that may be null lists null among its values, or a validator would refuse the null it allows.
            if (target.Type?.HasFlag(JsonSchemaType.Null) == true) target.Enum.Add(null!);
        }
        // A property left out when null (JsonIgnore WhenWritingNull) is not required, whatever the constructor says.
        if (schema.Required is { Count: > 0 } required && context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object)
            foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.ShouldSerialize is not null))
                required.Remove(property.Name);
        if (type.GetInterfaces().Contains(typeof(IHasExample)))
        {
            var example = type.GetProperty(nameof(IHasExample.Example), BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
            schema.Examples = [JsonSerializer.SerializeToNode(example, type, context.JsonTypeInfo.Options)!];
        }
    }
}
