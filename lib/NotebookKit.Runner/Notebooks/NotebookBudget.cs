using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookKit.Runner.Notebooks;

/// <summary>
/// The CPU budget a chapter states in its opening markdown, e.g. "**Time budget:** under 2 minutes
/// on a 2-core laptop CPU". The engine can scale each notebook's time limit from it, so a growing
/// chain never shares one wall clock and a chapter that runs long is named.
/// </summary>
public static partial class NotebookBudget
{
    [GeneratedRegex(@"\*\*Time budget:\*\*\s*(?:under|about|at most)?\s*(?<n>\d+(?:\.\d+)?)\s*(?<unit>seconds?|s\b|minutes?|min\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Statement();

    /// <summary>The stated budget in seconds, or null when the notebook states none.</summary>
    public static double? SecondsOf(JsonObject notebook)
    {
        foreach (var cell in (notebook["cells"] as JsonArray ?? []).OfType<JsonObject>().Take(4))
        {
            if (cell["cell_type"]?.GetValue<string>() != "markdown") continue;
            var match = Statement().Match(NotebookDocument.JoinText(cell["source"]));
            if (!match.Success) continue;
            var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            return match.Groups["unit"].Value.StartsWith("m", StringComparison.OrdinalIgnoreCase) ? amount * 60 : amount;
        }
        return null;
    }

    /// <summary>The stated budget of a notebook file, or null.</summary>
    public static double? SecondsOf(string path) => JsonNode.Parse(File.ReadAllText(path)) is JsonObject notebook ? SecondsOf(notebook) : null;
}
