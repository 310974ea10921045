using System.Reflection;
using NotebookKit.Data;
using NotebookKit.Display;
using NotebookKit.Plots;

namespace NotebookKit.Tests.Display;

/// <summary>
/// Kit views must render through the formatter-source convention a notebook host looks for by
/// name: an attribute named TypeFormatterSourceAttribute with FormatterSourceType, a source with
/// CreateTypeFormatters(), formatters with MimeType and Format(object, TextWriter).
/// </summary>
public sealed class FormatterConventionTests
{
    public static TheoryData<IHtmlView> Views() => new()
    {
        new Figure("t", "x", "y").Add(Traces.Bars("counts", ["a", "b"], [1.0, 2.0])),
        new ProgressBoard("training", 10),
        Plot.Scatter(Synthetic2D.Blobs(10), "blobs"),
    };

    [Theory]
    [MemberData(nameof(Views))]
    public void KitView_ThroughTheConventionByName_RendersHtml(IHtmlView view)
    {
        var attribute = view.GetType().GetCustomAttributes(inherit: true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        var source = Activator.CreateInstance(sourceType)!;
        var formatters = (IEnumerable<object>)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
        var formatter = Assert.Single(formatters);
        Assert.Equal("text/html", formatter.GetType().GetProperty("MimeType")!.GetValue(formatter));
        var writer = new StringWriter();
        var format = formatter.GetType().GetMethod("Format", [typeof(object), typeof(TextWriter)])!;
        Assert.True((bool)format.Invoke(formatter, [view, writer])!);
        Assert.Equal(view.ToHtml().Length > 0, writer.ToString().Length > 0);
        Assert.StartsWith("<", writer.ToString().TrimStart());
    }

    [Fact]
    public void HtmlFormatter_NonKitObject_ReturnsFalse()
    {
        Assert.False(new HtmlFormatter().Format("just a string", new StringWriter()));
    }

    [Fact]
    public void LibraryAssembly_ReferencesNoNotebookHost()
    {
        var references = typeof(Kit).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.DoesNotContain(references, r => r.Contains("Interactive", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(references, r => r.Contains("NotebookKit.Runner", StringComparison.Ordinal));
    }
}
