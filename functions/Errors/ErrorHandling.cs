using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace WaFunctions.Errors;

/// <summary>
/// Turns every failure into the API's error shape: unknown routes (404 <c>not_found</c>), wrong
/// methods (405 <c>method_not_allowed</c>), bodies over the limit (413 <c>payload_too_large</c>),
/// unreadable JSON (400 <c>invalid_input</c> naming the field), a read-modify-write that kept losing races
/// (409 <c>conflict</c>), storage that cannot be reached (503 <c>storage_unavailable</c> with <c>Retry-After</c>) and anything unexpected
/// (500 <c>internal_error</c>, logged, with no stack trace or internal names in the answer).
/// </summary>
public static class ErrorHandling
{
    public const long MaxBodyBytes = 1024 * 1024;
    private const string RetryAfterSeconds = "5";

    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteExceptionAsync,
            StatusCodeSelector = StatusFor,
            // A client's bad input is an answer, not an incident: only unexpected failures are logged as errors.
            SuppressDiagnosticsCallback = context => StatusFor(context.Exception) < 500,
        });
        app.UseStatusCodePages(async context =>
        {
            var (error, message) = context.HttpContext.Response.StatusCode switch
            {
                404 => ("not_found", "No such endpoint."),
                405 => ("method_not_allowed", "This endpoint does not accept that method."),
                413 => ("payload_too_large", $"The body is larger than {MaxBodyBytes / 1024} KiB."),
                415 => ("invalid_input", "Send the body as application/json."),
                var other => ("error", $"Status {other}."),
            };
            await context.HttpContext.Response.WriteAsJsonAsync(new ApiError(error, message));
        });
        return app;
    }

    private static int StatusFor(Exception e) => Classify(e).Status;

    private static async Task WriteExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, error, message) = exception is null ? (500, "internal_error", "Unexpected error.") : Classify(exception);
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = RetryAfterSeconds;
        await context.Response.WriteAsJsonAsync(new ApiError(error, message));
    }

    internal static (int Status, string Error, string Message) Classify(Exception e) => e switch
    {
        BadHttpRequestException { StatusCode: 413 } => (413, "payload_too_large", $"The body is larger than {MaxBodyBytes / 1024} KiB."),
        BadHttpRequestException { InnerException: JsonException json } => (400, "invalid_input", JsonProblem(json)),
        JsonException json => (400, "invalid_input", JsonProblem(json)),
        BadHttpRequestException { StatusCode: 415 } => (415, "invalid_input", "Send the body as application/json."),
        // Binding messages name internal types; say what the client can fix instead.
        BadHttpRequestException => (400, "invalid_input", "The request body is missing or is not valid JSON."),
        InvalidInputException invalid => (400, "invalid_input", invalid.Message),
        Storage.ConcurrencyConflictException => (409, "conflict", "The data kept changing under this request; read it again and retry."),
        _ when Storage.StorageFault.IsOutage(e) => (503, "storage_unavailable", $"Storage is not reachable right now; retry in {RetryAfterSeconds} s."),
        _ => (500, "internal_error", "Unexpected error; it has been logged."),
    };

    /// <summary>Names the field (from the JSON path) without echoing internal type names.</summary>
    private static string JsonProblem(JsonException json)
    {
        var field = json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        // System.Text.Json names a repeated property in its message ("Duplicate property 'x' …"); the path may stop at its parent.
        if (json.Message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            var quoted = json.Message.Split('\'') is [_, var name, ..] ? name : null;
            var repeated = quoted is null ? field : field is not null && field.EndsWith(quoted, StringComparison.Ordinal) ? field : field is null ? quoted : $"{field}.{quoted}";
            return repeated is null ? "The body repeats a property; send each field once." : $"Field '{repeated}' appears more than once; send each field once.";
        }
        // An unknown field where the body's shape is closed: System.Text.Json names it in its message.
        if (json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) && json.Message.Split('\'') is [_, var unknown, ..])
            return $"Field '{(field is null || field == unknown ? unknown : field)}' is not one this request takes.";
        return field is null
            ? "The body is not valid JSON."
            : $"Field '{field}' is malformed or has the wrong type.";
    }
}
