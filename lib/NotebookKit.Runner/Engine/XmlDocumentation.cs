using System.Globalization;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// The documentation comments of a compiled assembly, read from the XML file the compiler wrote
/// beside it (member ID → its XML), so help on a symbol can show its summary.
/// </summary>
internal sealed class XmlDocumentation : DocumentationProvider
{
    private readonly string path;
    private readonly Lazy<Dictionary<string, string>> members;

    public XmlDocumentation(string path)
    {
        this.path = path;
        members = new Lazy<Dictionary<string, string>>(Read);
    }

    protected override string? GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture, CancellationToken cancellationToken = default) =>
        members.Value.GetValueOrDefault(documentationMemberID);

    private Dictionary<string, string> Read()
    {
        try
        {
            return XDocument.Load(path).Descendants("member")
                .Where(m => m.Attribute("name") is not null)
                .GroupBy(m => m.Attribute("name")!.Value)
                .ToDictionary(g => g.Key, g => g.First().ToString());
        }
        catch (Exception e) when (e is IOException or System.Xml.XmlException)
        {
            return []; // help without summaries rather than no help
        }
    }

    public override bool Equals(object? obj) => obj is XmlDocumentation other && other.path == path;

    public override int GetHashCode() => path.GetHashCode(StringComparison.Ordinal);
}
