namespace WaFunctions.Errors;

/// <summary>The one error shape of the API: <c>{ "error": "code", "message": "what went wrong" }</c>.</summary>
public sealed record ApiError(string Error, string Message)
{
    public static IResult Result(int status, string error, string message) =>
        Results.Json(new ApiError(error, message), statusCode: status);

    public static IResult InvalidInput(string message) => Result(StatusCodes.Status400BadRequest, "invalid_input", message);

    public static IResult NotFound(string message) => Result(StatusCodes.Status404NotFound, "not_found", message);

    public static IResult Conflict(string error, string message) => Result(StatusCodes.Status409Conflict, error, message);
}

/// <summary>Thrown where a handler finds bad input deep in a call; the error middleware answers 400 <c>invalid_input</c>.</summary>
public sealed class InvalidInputException(string message) : Exception(message);
