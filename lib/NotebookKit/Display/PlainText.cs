using System.Collections;
using System.Globalization;

namespace NotebookKit.Display;

/// <summary>
/// The text a notebook shows for a value that has no HTML view, the same in the engine, the kernel
/// and a chapter exported as an app: numbers in the invariant culture, a collection without its own
/// <c>ToString</c> as its first 20 items in brackets, anything else by its <c>ToString</c>.
/// </summary>
public static class PlainText
{
    /// <summary>How many items of a collection are shown before "...".</summary>
    public const int ItemLimit = 20;

    public static string Of(object? value) => value switch
    {
        null => "<null>",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items when !HasOwnToString(value.GetType()) => Sequence(items),
        _ => value.ToString() ?? "",
    };

    private static string Sequence(IEnumerable items)
    {
        var parts = new List<string>();
        foreach (var item in items)
        {
            if (parts.Count == ItemLimit) { parts.Add("..."); break; }
            parts.Add(Of(item));
        }
        return "[ " + string.Join(", ", parts) + " ]";
    }

    private static bool HasOwnToString(Type type) =>
        type.GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } declaring && declaring != typeof(object)
        && !declaring.FullName!.StartsWith("System.Collections", StringComparison.Ordinal);
}
