using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace WaFunctions.OpenApi;

/// <summary>Adds to each operation what the generator cannot see: its scope, its security and its error answers.</summary>
internal static class OpenApiOperations
{
    public const string BearerScheme = "bearer";
    public const string ApiKeyScheme = "apiKey";
    private const string ErrorSchema = "Error";

    public static void AddErrorSchema(OpenApiDocument document)
    {
        document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ErrorSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "error", "message" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["error"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Machine-readable code, e.g. invalid_input." },
                ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, for people." },
            },
        };
    }

    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<EndpointNameMetadata>().FirstOrDefault() is not { } name) return Task.CompletedTask;
        var method = context.Description.HttpMethod ?? "GET";
        operation.OperationId = name.EndpointName;
        operation.Responses ??= new OpenApiResponses();
        if (metadata.OfType<Auth.RequiredScope>().FirstOrDefault()?.Scope is { } scope)
        {
            var scopeText = scope.Length == 0 ? "any valid key" : $"scope `{scope}`";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? $"Requires {scopeText}." : $"{operation.Description}\n\nRequires {scopeText}.";
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-required-scope"] = new JsonNodeExtension(JsonValue.Create(scope.Length == 0 ? "any" : scope));
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
            ];
            AddError(operation, context, "401", "invalid_api_key: missing, malformed, unknown or disabled key");
            if (scope.Length > 0) AddError(operation, context, "403", "insufficient_scope: the key lacks " + scope);
            AddError(operation, context, "429", "rate_limited: over the key's per-minute budget (see Retry-After)");
            if (method is not "GET") AddError(operation, context, "402", "license_locked: writes are locked until the license is renewed");
        }
        if (method is "POST" or "PATCH" or "PUT") AddError(operation, context, "400", "invalid_input: the body or parameters are invalid");
        if (context.Description.RelativePath?.Contains('{') == true) AddError(operation, context, "404", "not_found");
        return Task.CompletedTask;
    }

    private static void AddError(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status)) return;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ErrorSchema, context.Document) },
            },
        };
    }
}
