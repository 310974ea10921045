using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// Turns a value into a MIME bundle the way the C# kernel's formatters do for what notebooks
/// show: types carrying a <c>TypeFormatterSourceAttribute</c> (matched by name, as the kernel
/// does) use their own formatters, <see cref="HtmlString"/> is HTML, everything else is text.
/// </summary>
public static class MimeFormatter
{
    public const string Html = "text/html";
    public const string Plain = "text/plain";

    private sealed record ConventionFormatter(string MimeType, Func<object, TextWriter, bool> Format);

    private static readonly ConcurrentDictionary<Type, ConventionFormatter[]> Cache = new();

    public static IReadOnlyDictionary<string, string> Format(object? value, IReadOnlyCollection<string>? mimeTypes = null)
    {
        var bundle = new Dictionary<string, string>();
        if (value is HtmlString html)
        {
            bundle[Html] = html.Value;
        }
        else if (value is not null)
        {
            foreach (var formatter in FormattersFor(value.GetType()))
            {
                if (mimeTypes is { Count: > 0 } && !mimeTypes.Contains(formatter.MimeType)) continue;
                using var writer = new StringWriter(CultureInfo.InvariantCulture);
                if (formatter.Format(value, writer)) bundle[formatter.MimeType] = writer.ToString();
            }
        }
        if (bundle.Count == 0 || mimeTypes?.Contains(Plain) == true)
            bundle[Plain] = PlainText(value);
        if (mimeTypes?.Contains(Html) == true && !bundle.ContainsKey(Html))
            bundle[Html] = $"<pre>{WebUtility.HtmlEncode(PlainText(value))}</pre>";
        return bundle;
    }

    /// <summary>The value as text; <see cref="HtmlString"/> gives its HTML (see <see cref="NotebookKit.Display.PlainText"/>).</summary>
    public static string PlainText(object? value) => value is HtmlString h ? h.Value : NotebookKit.Display.PlainText.Of(value);

    private static ConventionFormatter[] FormattersFor(Type type) => Cache.GetOrAdd(type, static t =>
    {
        var attribute = t.GetCustomAttributes(inherit: true)
            .Concat(t.GetInterfaces().SelectMany(i => i.GetCustomAttributes(inherit: true)))
            .FirstOrDefault(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        if (attribute?.GetType().GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType) return [];
        var source = Activator.CreateInstance(sourceType)
                     ?? throw new InvalidOperationException($"Cannot create the formatter source {sourceType}.");
        if (sourceType.GetMethod("CreateTypeFormatters", Type.EmptyTypes)?.Invoke(source, null) is not IEnumerable formatters) return [];
        var result = new List<ConventionFormatter>();
        foreach (var formatter in formatters)
        {
            var formatterType = formatter.GetType();
            var mime = formatterType.GetProperty("MimeType")?.GetValue(formatter) as string;
            var format = formatterType.GetMethod("Format", [typeof(object), typeof(TextWriter)]);
            if (mime is null || format is null) continue;
            result.Add(new ConventionFormatter(mime, (value, writer) => (bool)format.Invoke(formatter, [value, writer])!));
        }
        return result.ToArray();
    });
}

/// <summary>HTML to show as is, like the kernel's <c>HTML("...")</c>.</summary>
public sealed record HtmlString(string Value)
{
    public override string ToString() => Value;
}
