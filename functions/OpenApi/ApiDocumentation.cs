using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using WaFunctions.Auth;

namespace WaFunctions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document, generated from the mapped endpoints and what they declare (<see cref="EndpointDescription"/>),
/// served at <c>/api/v1/openapi.json</c>, with Swagger UI at <c>/api/docs</c>.
/// </summary>
internal static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string Root = "/api/v1";

    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder root)
    {
        // The description does not describe itself: clients are generated from it, not from an operation returning it.
        root.MapGet("/api/v1/openapi.json", DocumentAsync).WithName("OpenApiDocument")
            .AllowPublic("the API's description, like any published API reference").ExcludeFromDescription();
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
            options.CreateSchemaReferenceId = OpenApiSchemas.ReferenceId;
            options.AddSchemaTransformer(OpenApiSchemas.Describe);
            options.AddOperationTransformer(OpenApiOperations.Describe);
            options.AddDocumentTransformer((document, context, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "WaFunctions API",
                    Version = typeof(ApiDocumentation).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
                    Description = "Self-hosted WhatsApp API: numbers, messages, chats, contacts, tickets, broadcasts and webhooks. " +
                        "Authenticate with 'Authorization: Bearer lw_live_…' or 'X-API-Key: lw_live_…'. Lists answer { data, nextCursor }; " +
                        "every error answers { error, message }.",
                };
                // Relative, so a client generated from any deployment calls that deployment; the paths are then the
                // contract's (/contacts, not /api/v1/contacts) and a generated client reads client.Contacts.
                document.Servers = [new OpenApiServer { Url = Root, Description = "This deployment" }];
                Rebase(document);
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [OpenApiOperations.BearerScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "lw_live_ + 32 letters/digits" },
                    [OpenApiOperations.ApiKeyScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-API-Key", Description = "lw_live_ + 32 letters/digits" },
                };
                OpenApiOperations.AddErrorSchema(document);
                Tag(document);
                return Task.CompletedTask;
            });
        });
    }

    private static void Rebase(OpenApiDocument document)
    {
        var paths = new OpenApiPaths();
        foreach (var (path, item) in document.Paths)
            paths[path.StartsWith(Root + "/", StringComparison.Ordinal) ? path[Root.Length..] : path] = item;
        document.Paths = paths;
    }

    /// <summary>The document's tags are the slices the operations belong to (see <see cref="OpenApiOperations"/>), in order.</summary>
    private static void Tag(OpenApiDocument document)
    {
        var used = document.Paths.Values.SelectMany(p => (IEnumerable<OpenApiOperation>?)p.Operations?.Values ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name).OfType<string>().Distinct().Order();
        document.Tags = used.Select(name => new OpenApiTag { Name = name }).ToHashSet();
    }

    private static async Task<IResult> DocumentAsync([FromKeyedServices(DocumentName)] IOpenApiDocumentProvider provider, CancellationToken ct)
    {
        var document = await provider.GetOpenApiDocumentAsync(ct);
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct);
        return Results.Text(json, "application/json; charset=utf-8");
    }
}
