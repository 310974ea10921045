using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace NotebookKit.Runner.Grading;

/// <summary>The class's results: gradebook.csv (one row per submission, one column per check), gradebook.json and junit.xml.</summary>
public static class Gradebook
{
    public static string Csv(Assignment assignment, IReadOnlyList<SubmissionGrade> grades)
    {
        var text = new StringBuilder();
        var header = new List<string> { "student", "file", "status", "score", "max_score" };
        header.AddRange(assignment.Checks.Select(c => c.Id));
        header.Add("notes");
        text.AppendLine(string.Join(',', header.Select(Quote)));
        foreach (var grade in grades)
        {
            var row = new List<string> { grade.Student, Path.GetFileName(grade.File), Status(grade), Number(grade.Score), Number(grade.MaxScore) };
            row.AddRange(assignment.Checks.Select(c => grade.Checks.FirstOrDefault(r => r.Check.Id == c.Id) is { } r ? Number(r.Awarded) : ""));
            row.Add(grade.Invalid ?? string.Join(" ", grade.Notes));
            text.AppendLine(string.Join(',', row.Select(Quote)));
        }
        return text.ToString();
    }

    public static string Json(Assignment assignment, IReadOnlyList<SubmissionGrade> grades, bool sandboxed)
    {
        var root = new JsonObject
        {
            ["chapter"] = assignment.Chapter,
            ["maxScore"] = assignment.TotalPoints,
            ["sandboxed"] = sandboxed,
            ["checks"] = new JsonArray(assignment.Checks.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id, ["exercise"] = c.Exercise, ["hidden"] = c.Hidden, ["points"] = c.Points,
            }).ToArray()),
            ["submissions"] = new JsonArray(grades.Select(g => (JsonNode)new JsonObject
            {
                ["student"] = g.Student,
                ["file"] = g.File,
                ["status"] = Status(g),
                ["invalid"] = g.Invalid,
                ["score"] = g.Score,
                ["maxScore"] = g.MaxScore,
                ["seconds"] = Math.Round(g.Seconds, 1),
                ["checks"] = new JsonArray(g.Checks.Select(r => (JsonNode)new JsonObject
                {
                    ["id"] = r.Check.Id, ["outcome"] = Feedback.Result(r.Outcome), ["awarded"] = r.Awarded, ["points"] = r.Check.Points, ["message"] = r.Message,
                }).ToArray()),
                ["notes"] = new JsonArray(g.Notes.Select(n => (JsonNode)n).ToArray()),
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>JUnit XML: a test suite per submission, a test case per check (failures carry the message).</summary>
    public static string JUnit(Assignment assignment, IReadOnlyList<SubmissionGrade> grades)
    {
        var suites = new XElement("testsuites", new XAttribute("name", assignment.Chapter),
            new XAttribute("tests", grades.Sum(g => Math.Max(1, g.Checks.Count))),
            new XAttribute("failures", grades.Sum(Failures)));
        foreach (var grade in grades)
        {
            var suite = new XElement("testsuite", new XAttribute("name", $"{assignment.Chapter}.{grade.Student}"),
                new XAttribute("tests", Math.Max(1, grade.Checks.Count)), new XAttribute("failures", Failures(grade)),
                new XAttribute("time", grade.Seconds.ToString("0.0", CultureInfo.InvariantCulture)),
                new XElement("properties",
                    new XElement("property", new XAttribute("name", "score"), new XAttribute("value", Number(grade.Score))),
                    new XElement("property", new XAttribute("name", "max_score"), new XAttribute("value", Number(grade.MaxScore)))));
            if (grade.Invalid is not null)
                suite.Add(new XElement("testcase", new XAttribute("name", "submission"), new XAttribute("classname", grade.Student),
                    new XElement("failure", new XAttribute("message", grade.Invalid))));
            foreach (var check in grade.Checks)
            {
                var testcase = new XElement("testcase", new XAttribute("name", $"{check.Check.Title} ({Number(check.Awarded)}/{Number(check.Check.Points)} points)"),
                    new XAttribute("classname", $"{assignment.Chapter}.{grade.Student}"));
                if (check.Outcome != CheckOutcome.Passed)
                    testcase.Add(new XElement("failure", new XAttribute("message", Clean(check.Message)), new XAttribute("type", Feedback.Result(check.Outcome))));
                if (check.Output.Length > 0) testcase.Add(new XElement("system-out", Clean(check.Output)));
                suite.Add(testcase);
            }
            suites.Add(suite);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), suites).ToString() + "\n";
    }

    public static string Status(SubmissionGrade grade) => grade.Invalid is not null ? "invalid" : "graded";

    private static int Failures(SubmissionGrade grade) => grade.Invalid is not null ? 1 : grade.Checks.Count(c => c.Outcome != CheckOutcome.Passed);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot hold most control characters; a student's output may.</summary>
    private static string Clean(string text)
    {
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) kept.Append(c).Append(text[++i]);
            else if (c is '\t' or '\n' or '\r' || c >= ' ' && !char.IsSurrogate(c) && c is not ('\uFFFE' or '\uFFFF')) kept.Append(c);
        }
        return kept.ToString();
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
