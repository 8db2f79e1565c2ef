using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using WaFunctions.Auth;

namespace WaFunctions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document, generated from the mapped endpoints themselves (and the webhook events, see
/// <see cref="WebhookDocumentation"/>), served at
/// <c>/api/v1/openapi.json</c>, with Swagger UI at <c>/api/docs</c>. Both are ordinary registry
/// functions so the Azure Functions host routes them like every other endpoint.
/// </summary>
internal static class ApiDocumentation
{
    public const string DocumentName = "v1";

    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder root)
    {
        root.MapGet("/api/v1/openapi.json", DocumentAsync).WithName("OpenApiDocument").AllowPublic("the API's description, like any published API reference");
        root.MapGet("/api/docs/{*asset}", (HttpContext context, SwaggerUiPipeline ui) => ui.Invoke(context))
            .WithName("ApiDocs").AllowPublic("Swagger UI's page and assets, which read the public description").ExcludeFromDescription();
        return root;
    }

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddSingleton<SwaggerUiPipeline>();
        return services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            // OpenAPI 3.1 holds component names to ^[a-zA-Z0-9._-]+$ ("OptionalOfString[]" is not one).
            options.CreateSchemaReferenceId = type => OpenApiOptions.CreateDefaultSchemaReferenceId(type)?.Replace("[]", "Array", StringComparison.Ordinal);
            options.AddDocumentTransformer(async (document, context, ct) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "WaFunctions API",
                    Version = typeof(ApiDocumentation).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
                    Description = "Self-hosted WhatsApp API. Authenticate with 'Authorization: Bearer lw_live_…' or 'X-API-Key: lw_live_…'.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [OpenApiOperations.BearerScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "lw_live_ + 32 letters/digits" },
                    [OpenApiOperations.ApiKeyScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-API-Key" },
                };
                OpenApiOperations.AddErrorSchema(document);
                await WebhookDocumentation.AddAsync(document, context, ct);
            });
            options.AddOperationTransformer(OpenApiOperations.Describe);
            options.AddSchemaTransformer(WebhookDocumentation.OmittedNullsAreOptional);
        });
    }

    private static async Task<IResult> DocumentAsync([FromKeyedServices(DocumentName)] IOpenApiDocumentProvider provider, CancellationToken ct)
    {
        var document = await provider.GetOpenApiDocumentAsync(ct);
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct);
        return Results.Text(json, "application/json; charset=utf-8");
    }
}
