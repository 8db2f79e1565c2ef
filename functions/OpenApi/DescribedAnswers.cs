using Microsoft.AspNetCore.Http.Metadata;
using WaFunctions.Auth;
using WaFunctions.Errors;

namespace WaFunctions.OpenApi;

/// <summary>
/// Holds every endpoint to its description: an answer whose status, body type or error code the endpoint does not
/// declare means a generated client would mis-read it. With <c>WA_VERIFY_ANSWERS=true</c> (the tests) such an answer
/// fails the request, so the description cannot drift from the code unnoticed; otherwise it is logged once per endpoint.
/// </summary>
internal sealed class DescribedAnswers(ApiSettings settings, ILogger<DescribedAnswers> logger) : IEndpointFilter
{
    private readonly HashSet<string> _logged = [];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var answer = await next(context);
        if (context.HttpContext.GetEndpoint() is RouteEndpoint endpoint && Undescribed(endpoint, answer) is { } problem)
        {
            if (settings.VerifyAnswers) throw new InvalidOperationException(problem);
            lock (_logged)
                if (_logged.Add(problem)) logger.LogWarning("The API description is wrong: {Problem}", problem);
        }
        return answer;
    }

    /// <summary>What about <paramref name="answer"/> the endpoint does not declare, or null when it declares all of it.</summary>
    internal static string? Undescribed(RouteEndpoint endpoint, object? answer)
    {
        var status = answer is IResult ? (answer as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK : StatusCodes.Status200OK;
        var value = answer is IResult ? (answer as IValueHttpResult)?.Value : answer;
        var metadata = endpoint.Metadata;
        if (value is ApiError error)
        {
            var method = metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? HttpMethods.Get;
            return EndpointDescription.ErrorsOf(metadata, method, endpoint.RoutePattern.Parameters.Count > 0).Any(e => e.Status == status && e.Code == error.Error)
                ? null
                : $"{endpoint.DisplayName} answered {status} '{error.Error}' without declaring it (.Fails).";
        }
        if (answer is IFileHttpResult file)
            return status == StatusCodes.Status200OK && metadata.OfType<DescribedFile>().Any(f => file.ContentType?.StartsWith(f.ContentType, StringComparison.Ordinal) == true)
                ? null
                : $"{endpoint.DisplayName} answered {status} with a {file.ContentType} file without declaring it (.ReturnsFile).";
        var declared = metadata.OfType<IProducesResponseTypeMetadata>().Where(p => p.StatusCode == status).ToList();
        if (declared.Count == 0) return $"{endpoint.DisplayName} answered {status} without declaring it (.Returns / .ReturnsNothing / .ReturnsFile).";
        if (value is not null && !declared.Any(p => p.Type?.IsInstanceOfType(value) == true))
            return $"{endpoint.DisplayName} answered {status} with a {value.GetType().Name}, declared as {string.Join(" or ", declared.Select(p => p.Type?.Name ?? "nothing"))}.";
        return null;
    }
}
