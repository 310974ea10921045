using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NotebookKit.Plots;

/// <summary>How the figure model becomes plotly.js JSON: nulls left out, NaN and ±∞ written as null (a gap).</summary>
internal static class FigureJson
{
    private static readonly ConcurrentDictionary<Type, HashSet<string>> TypedNames = new();

    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new NonFiniteAsNull() },
    };

    public static string Write(IEnumerable<Trace> data, Layout layout)
    {
        var figure = new JsonObject
        {
            ["data"] = new JsonArray(data.Select(t => JsonSerializer.SerializeToNode(t, t.GetType(), Options)).ToArray()),
            ["layout"] = JsonSerializer.SerializeToNode(layout, Options),
        };
        return figure.ToJsonString();
    }

    /// <summary>Throws when an untyped attribute would duplicate one of the type's typed properties.</summary>
    public static void CheckUntyped(Type type, string attribute)
    {
        if (string.IsNullOrWhiteSpace(attribute)) throw new ArgumentException("Expected a plotly.js attribute name, got an empty one.", nameof(attribute));
        var typed = TypedNames.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name).OfType<string>().ToHashSet());
        if (typed.Contains(attribute))
        {
            var property = type.GetProperties().First(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == attribute).Name;
            throw new ArgumentException($"'{attribute}' has a typed property on {type.Name}: set {property} instead.", nameof(attribute));
        }
    }

    private sealed class NonFiniteAsNull : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
