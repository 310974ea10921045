using System.Net;
using System.Text;
using Markdig;

namespace NotebookKit.Runner.Grading;

/// <summary>A student's feedback: every check with its result, points, message and output; then the grader's notes.</summary>
public static class Feedback
{
    public static string Markdown(SubmissionGrade grade)
    {
        var text = new StringBuilder();
        text.AppendLine($"# {grade.Assignment.Title}: feedback for {grade.Student}");
        text.AppendLine();
        if (grade.Invalid is not null)
        {
            text.AppendLine($"**Not graded:** `{Path.GetFileName(grade.File)}` {grade.Invalid}. Score: 0 / {ExerciseMarkup.Format(grade.MaxScore)} points.");
            text.AppendLine();
            text.AppendLine("Hand in the notebook file of this chapter (`.ipynb`) as you saved it from your editor.");
            return text.ToString();
        }
        text.AppendLine($"**Score: {ExerciseMarkup.Format(grade.Score)} / {ExerciseMarkup.Format(grade.MaxScore)} points**");
        text.AppendLine();
        if (grade.Notes.Count > 0)
        {
            text.AppendLine("## Notes from the grader");
            text.AppendLine();
            foreach (var note in grade.Notes) text.AppendLine($"- {(note.Contains('\n') ? note.Split('\n')[0] + "\n\n" + Indent(Fence(note[(note.IndexOf('\n') + 1)..])) : note)}");
            text.AppendLine();
        }
        text.AppendLine("| Exercise | Checks | Result | Points |");
        text.AppendLine("|---|---|---|---|");
        foreach (var check in grade.Checks)
            text.AppendLine($"| {Cell(check.Check.Exercise)} | {(check.Check.Hidden ? "hidden tests" : "visible checks")} | {Result(check.Outcome)} | {ExerciseMarkup.Format(check.Awarded)} / {ExerciseMarkup.Format(check.Check.Points)} |");
        text.AppendLine();
        foreach (var exercise in grade.Checks.GroupBy(c => c.Check.Exercise))
        {
            text.AppendLine($"## {exercise.Key}");
            text.AppendLine();
            foreach (var check in exercise)
            {
                text.AppendLine($"### {(check.Check.Hidden ? "Hidden tests" : "Visible checks")}: {Result(check.Outcome)}, {ExerciseMarkup.Format(check.Awarded)} / {ExerciseMarkup.Format(check.Check.Points)} points");
                text.AppendLine();
                if (check.Message.Length > 0)
                {
                    text.AppendLine(Fence(check.Message));
                    text.AppendLine();
                }
                if (check.Output.Trim().Length > 0)
                {
                    text.AppendLine("Output:");
                    text.AppendLine();
                    text.AppendLine(Fence(check.Output.TrimEnd()));
                    text.AppendLine();
                }
            }
        }

        return text.ToString();
    }

    public static string Html(SubmissionGrade grade)
    {
        var pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();
        var body = Markdig.Markdown.ToHtml(Markdown(grade), pipeline);
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{WebUtility.HtmlEncode($"{grade.Assignment.Chapter}: {grade.Student}")}}</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
            table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; }
            pre { background: #f6f6f6; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
            </style></head><body>
            {{body}}
            </body></html>
            """;
    }

    public static string Result(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passed => "passed",
        CheckOutcome.Failed => "failed",
        CheckOutcome.Stopped => "stopped",
        CheckOutcome.NotRun => "not run",
        _ => "deleted",
    };

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "  " + l));

    private static string Cell(string text) => text.Replace("|", "\\|");

    /// <summary>A fenced block that the text itself cannot close.</summary>
    private static string Fence(string text)
    {
        var fence = "```";
        while (text.Contains(fence, StringComparison.Ordinal)) fence += "`";
        return $"{fence}text\n{text}\n{fence}";
    }
}
