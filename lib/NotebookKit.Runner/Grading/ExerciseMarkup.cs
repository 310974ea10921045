using System.Globalization;
using System.Text.RegularExpressions;

namespace NotebookKit.Runner.Grading;

/// <summary>
/// The lines that mark exercises in a chapter (each on a line of its own):
/// <code>
/// // BEGIN SOLUTION … // END SOLUTION                 the answer; replaced by a stub in the student version
/// &lt;!-- BEGIN SOLUTION --&gt; … &lt;!-- END SOLUTION --&gt;   a written answer in a markdown cell
/// // Points: 2                                           this cell checks an exercise; its visible checks are worth 2
/// // BEGIN HIDDEN TESTS (3 points) … // END HIDDEN TESTS  checks the student never sees, worth 3, at the end of the cell
/// </code>
/// </summary>
public static partial class ExerciseMarkup
{
    [GeneratedRegex(@"^[ \t]*// BEGIN SOLUTION[ \t]*$")] public static partial Regex BeginSolution();
    [GeneratedRegex(@"^[ \t]*// END SOLUTION[ \t]*$")] public static partial Regex EndSolution();
    [GeneratedRegex(@"^[ \t]*<!-- BEGIN SOLUTION -->[ \t]*$")] public static partial Regex BeginWrittenSolution();
    [GeneratedRegex(@"^[ \t]*<!-- END SOLUTION -->[ \t]*$")] public static partial Regex EndWrittenSolution();
    [GeneratedRegex(@"^[ \t]*// BEGIN HIDDEN TESTS(?<rest>.*)$")] public static partial Regex BeginHidden();
    [GeneratedRegex(@"^[ \t]*\((?<points>\d+(\.\d+)?) points?\)[ \t]*$")] private static partial Regex HiddenPoints();
    [GeneratedRegex(@"^[ \t]*// END HIDDEN TESTS[ \t]*$")] public static partial Regex EndHidden();
    [GeneratedRegex(@"^[ \t]*// Points:(?<rest>.*)$")] public static partial Regex PointsLine();
    [GeneratedRegex(@"^[ \t]*(?<points>\d+(\.\d+)?)[ \t]*$")] private static partial Regex Number();
    [GeneratedRegex(@"^#{2,4}[ \t]+Exercise:[ \t]*(?<title>.+?)[ \t]*$", RegexOptions.Multiline)] public static partial Regex ExerciseHeading();

    /// <summary>The points of a <c>// Points: N</c> line, or null when the line is not one.</summary>
    public static double? VisiblePoints(string line, Func<string, Exception> error)
    {
        var match = PointsLine().Match(line);
        if (!match.Success) return null;
        var number = Number().Match(match.Groups["rest"].Value);
        if (!number.Success) throw error($"'{line.Trim()}' should be '// Points: N' with N a number of points, e.g. '// Points: 2'");
        return double.Parse(number.Groups["points"].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The points of a <c>// BEGIN HIDDEN TESTS (N points)</c> line, or null when the line is not one.</summary>
    public static double? HiddenTestPoints(string line, Func<string, Exception> error)
    {
        var match = BeginHidden().Match(line);
        if (!match.Success) return null;
        var points = HiddenPoints().Match(match.Groups["rest"].Value);
        if (!points.Success)
            throw error($"'{line.Trim()}' should say what the hidden tests are worth, e.g. '// BEGIN HIDDEN TESTS (2 points)'");
        return double.Parse(points.Groups["points"].Value, CultureInfo.InvariantCulture);
    }

    public static string[] Lines(string text) => text.Split('\n');

    public static string Format(double points) => points.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>A chapter whose exercise markers cannot be turned into an assignment; the message names the cell and the fix.</summary>
public sealed class AssignmentException(string message) : Exception(message);
