using System.Text.Json;
using System.Text.Json.Serialization;

namespace WaFunctions.Errors;

/// <summary>
/// A PATCH body field that tells "left out" (keep the stored value) from <c>null</c> (clear it), which a plain
/// nullable property cannot. The converter runs only for properties present in the body, so an absent one stays
/// <see cref="IsSet"/> = false.
/// </summary>
[JsonConverter(typeof(OptionalJsonConverter))]
public readonly record struct Optional<T>
{
    public Optional(T? value)
    {
        Value = value;
        IsSet = true;
    }

    /// <summary>A sent value, for callers building a request in code (tests).</summary>
    public static implicit operator Optional<T>(T? value) => new(value);

    public bool IsSet { get; }
    public T? Value { get; }

    /// <summary>The stored value when the field was left out, else the sent value (null included) through <paramref name="apply"/>.</summary>
    public TResult Or<TResult>(TResult current, Func<T?, TResult> apply) => IsSet ? apply(Value) : current;

    /// <summary>Like <see cref="Or{TResult}"/> for a field that cannot be cleared: <c>null</c> is a 400 naming it.</summary>
    public TResult OrKeep<TResult>(TResult current, string field, Func<T, TResult> apply) =>
        !IsSet ? current
        : Value is { } value ? apply(value)
        : throw new InvalidInputException($"Field '{field}' cannot be cleared; leave it out to keep its value.");
}

internal sealed class OptionalJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class Converter<T> : JsonConverter<Optional<T>>
    {
        // Null tokens must reach Read too: a sent null is a value ("clear"), not an absence.
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.TokenType == JsonTokenType.Null ? default : JsonSerializer.Deserialize<T>(ref reader, options));

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}
