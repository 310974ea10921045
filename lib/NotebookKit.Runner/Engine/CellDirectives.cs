using System.Reflection;
using System.Text.RegularExpressions;

namespace NotebookKit.Runner.Engine;

/// <summary>What a cell asks of the engine besides its C# code.</summary>
public sealed record PreparedCell(string Code, IReadOnlyList<Assembly> References, bool IsMarkdown, bool Timed);

/// <summary>
/// Handles the lines the Polyglot C# kernel treats specially before compiling: magic commands
/// (<c>#!csharp</c>, <c>#!markdown</c>, <c>#!time</c>, ...), <c>#r "nuget: ..."</c> package
/// references, <c>#r</c> of the kit's build output (see <see cref="KitReferences"/>) and <c>#i</c> package sources. Each such line is blanked
/// rather than removed, so compiler line numbers still match the cell.
/// </summary>
public static partial class CellDirectives
{
    public static readonly string[] SupportedMagics = ["#!csharp", "#!c#", "#!markdown", "#!md", "#!time"];

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<name>[^,"\s]+)\s*(,\s*(?<version>[^"]*))?"\s*$""", RegexOptions.IgnoreCase)]
    private static partial Regex NugetReference();

    [GeneratedRegex("""^\s*#r\s+"(?<path>[^"]+)"\s*$""")]
    private static partial Regex PathReference();

    [GeneratedRegex("""^\s*#i\s+"[^"]*"\s*$""")]
    private static partial Regex PackageSource();

    public static PreparedCell Prepare(string source)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var references = new List<Assembly>();
        var isMarkdown = false;
        var timed = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            {
                var magic = trimmed.Split((char[])[' ', '\t'], 2)[0];
                switch (magic.ToLowerInvariant())
                {
                    case "#!csharp" or "#!c#":
                        break;
                    case "#!markdown" or "#!md":
                        isMarkdown = true;
                        break;
                    case "#!time":
                        timed = true;
                        break;
                    default:
                        throw new DirectiveException(
                            $"The magic command '{magic}' is not supported by the NotebookKit engine, which runs C# only. " +
                            $"Supported: {string.Join(", ", SupportedMagics)}.") { Line = i + 1 };
                }
                lines[i] = "";
                continue;
            }
            if (!trimmed.StartsWith('#')) continue;
            var nuget = NugetReference().Match(line);
            if (nuget.Success)
            {
                try
                {
                    references.AddRange(PackageAllowList.Resolve(nuget.Groups["name"].Value, nuget.Groups["version"].Value));
                }
                catch (DirectiveException e)
                {
                    throw new DirectiveException(e.Message) { Line = i + 1 };
                }
                lines[i] = "";
                continue;
            }
            if (trimmed.StartsWith("#r", StringComparison.Ordinal) && trimmed.Contains("nuget:", StringComparison.OrdinalIgnoreCase))
                throw new DirectiveException($"Malformed package reference: {trimmed}. Expected #r \"nuget: Name, Version\".") { Line = i + 1 };
            var path = PathReference().Match(line);
            if (path.Success)
            {
                try
                {
                    references.Add(KitReferences.Resolve(path.Groups["path"].Value)); // never a second copy of the kit or of libtorch
                }
                catch (DirectiveException e)
                {
                    throw new DirectiveException(e.Message) { Line = i + 1 };
                }
                lines[i] = "";
                continue;
            }
            if (PackageSource().IsMatch(line)) lines[i] = "";
        }
        return new PreparedCell(string.Join("\n", lines), references, isMarkdown, timed);
    }
}
