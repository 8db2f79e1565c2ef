using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using WaFunctions.Api;
using WaFunctions.Auth;

namespace WaFunctions.OpenApi;

/// <summary>
/// Adds to each operation what the generator cannot see: its tag (the slice it belongs to), its scope and security,
/// the query parameters it declares, and every error it can answer with an example of each code.
/// </summary>
internal static class OpenApiOperations
{
    public const string BearerScheme = "bearer";
    public const string ApiKeyScheme = "apiKey";
    public const string ErrorSchema = "Error";

    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? HttpMethods.Get;
        if (metadata.OfType<EndpointNameMetadata>().FirstOrDefault() is { } name) operation.OperationId = name.EndpointName;
        if (Slice(metadata) is { } slice) operation.Tags = new HashSet<OpenApiTagReference> { new(slice, context.Document) };
        if (metadata.OfType<RequiredScope>().FirstOrDefault() is { } scope)
        {
            var scopeText = scope.AnyKey ? "any valid key" : $"scope `{scope.Scope}`";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? $"Requires {scopeText}." : $"{operation.Description}\n\nRequires {scopeText}.";
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-required-scope"] = new JsonNodeExtension(JsonValue.Create(scope.AnyKey ? "any" : scope.Scope));
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
            ];
        }
        foreach (var query in metadata.OfType<QueryParameter>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter { Name = query.Name, In = ParameterLocation.Query, Description = query.Description, Schema = query.Schema() });
        }
        operation.Responses ??= new OpenApiResponses();
        foreach (var file in metadata.OfType<DescribedFile>())
        {
            if (!operation.Responses.TryGetValue("200", out var ok)) operation.Responses["200"] = ok = new OpenApiResponse { Description = "OK" };
            var content = ok.Content ?? new Dictionary<string, OpenApiMediaType>();
            content[file.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            ((OpenApiResponse)ok).Content = content;
        }
        var addressesItem = context.Description.RelativePath?.Contains('{') == true;
        foreach (var errors in EndpointDescription.ErrorsOf(metadata, method, addressesItem).GroupBy(e => e.Status).OrderBy(g => g.Key))
            operation.Responses[errors.Key.ToString()] = ErrorResponse(errors.DistinctBy(e => e.Code).ToList(), context.Document);
        return Task.CompletedTask;
    }

    /// <summary>The slice an endpoint belongs to: the last part of its handler's namespace (<c>WaFunctions.Contacts</c> → Contacts).</summary>
    private static string? Slice(IList<object> metadata) =>
        metadata.OfType<MethodInfo>().FirstOrDefault()?.DeclaringType?.Namespace?.Split('.')[^1] is { } last && last != nameof(WaFunctions) ? last : null;

    private static OpenApiResponse ErrorResponse(IReadOnlyList<DescribedError> errors, OpenApiDocument? document) => new()
    {
        Description = string.Join(" ", errors.Select(e => $"`{e.Code}`: {e.When}")),
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new()
            {
                Schema = new OpenApiSchemaReference(ErrorSchema, document),
                Examples = errors.ToDictionary(e => e.Code, e => (IOpenApiExample)new OpenApiExample
                {
                    Summary = e.When,
                    Value = new JsonObject { ["error"] = e.Code, ["message"] = e.When },
                }),
            },
        },
    };

    public static void AddErrorSchema(OpenApiDocument document)
    {
        document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ErrorSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Every error answer: a machine-readable code and a message for people.",
            Required = new HashSet<string> { "error", "message" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["error"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Machine-readable code, e.g. invalid_input." },
                ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, for people." },
            },
        };
    }
}
