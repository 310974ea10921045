using System.Diagnostics;
using System.Text;
using NotebookKit.Runner.Grading;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Cli;

/// <summary>
/// <c>grade SUBMISSION|FOLDER... --source CHAPTER --out DIR</c>: grades each submission against
/// the full notebook (see <see cref="GradingNotebook"/> and <see cref="SubmissionRun"/>), several at
/// once, and writes DIR/feedback/STUDENT.md and .html, DIR/gradebook.csv, gradebook.json and junit.xml.
/// </summary>
public static class GradeCommand
{
    public const double DefaultCellSeconds = 120, DefaultSubmissionSeconds = 900, DefaultMemoryMb = 4096;

    public static int Execute(Options options)
    {
        if (options.Source is null) throw new UsageException("grade expects --source: the full notebook (with solutions and hidden tests) or a chapter such as 01-perceptron.");
        if (options.OutDir is null) throw new UsageException("grade expects --out DIR: the folder for the feedback and the gradebook.");
        var assignment = LoadSource(options.Source);
        var files = Submissions(options.Inputs);
        var outDir = Path.GetFullPath(options.OutDir);
        var limits = new GradingLimits(
            options.CellTimeoutSeconds ?? DefaultCellSeconds, options.SubmissionTimeoutSeconds ?? DefaultSubmissionSeconds,
            options.MemoryMb ?? DefaultMemoryMb, options.Quick, UseSandbox: !options.NoSandbox);
        if (limits.UseSandbox && Sandbox.WhyUnavailable is { } why)
            Console.Error.WriteLine($"warning: grading without the sandbox ({why}). Submissions run in their own folder and process, but can read any file this user can read.");
        else if (!limits.UseSandbox)
            Console.Error.WriteLine("warning: --no-sandbox: submissions run in their own folder and process, but can read any file this user can read.");

        var clock = Stopwatch.StartNew();
        var grades = GradeAll(assignment, files, outDir, limits, options.Jobs ?? Environment.ProcessorCount);
        WriteReports(assignment, grades, outDir, limits.UseSandbox && Sandbox.WhyUnavailable is null);
        PrintTable(assignment, grades, clock.Elapsed, Console.Out);
        return 0;
    }

    public static IReadOnlyList<SubmissionGrade> GradeAll(Assignment assignment, IReadOnlyList<(string Student, string File)> files, string outDir, GradingLimits limits, int jobs)
    {
        var work = Directory.CreateTempSubdirectory("notebookkit-grading-");
        var grades = new SubmissionGrade[files.Count];
        try
        {
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, i =>
            {
                var (student, file) = files[i];
                Console.Error.WriteLine($"grading {student} ...");
                try
                {
                    grades[i] = SubmissionGrade.Grade(student, file, assignment, Path.Combine(work.FullName, $"{i:000}"), limits);
                }
                catch (Exception e) // the grader's own failure: this submission gets a line, the others go on
                {
                    grades[i] = new SubmissionGrade { Student = student, File = file, Assignment = assignment, Invalid = $"could not be graded: {e.GetType().Name}: {e.Message}" };
                }
            });
        }
        finally
        {
            work.Delete(recursive: true);
        }
        return grades;
    }

    public static void WriteReports(Assignment assignment, IReadOnlyList<SubmissionGrade> grades, string outDir, bool sandboxed)
    {
        var feedback = Path.Combine(outDir, "feedback");
        Directory.CreateDirectory(feedback);
        var utf8 = new UTF8Encoding(false);
        foreach (var grade in grades)
        {
            var name = string.Concat(grade.Student.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c == '/' ? '_' : c));
            File.WriteAllText(Path.Combine(feedback, name + ".md"), Feedback.Markdown(grade), utf8);
            File.WriteAllText(Path.Combine(feedback, name + ".html"), Feedback.Html(grade), utf8);
        }
        File.WriteAllText(Path.Combine(outDir, "gradebook.csv"), Gradebook.Csv(assignment, grades), utf8);
        File.WriteAllText(Path.Combine(outDir, "gradebook.json"), Gradebook.Json(assignment, grades, sandboxed), utf8);
        File.WriteAllText(Path.Combine(outDir, "junit.xml"), Gradebook.JUnit(assignment, grades), utf8);
    }

    /// <summary>The full notebook: a path, or a chapter's name or number looked up in the kit's notebooks/ folder.</summary>
    public static Assignment LoadSource(string source)
    {
        var path = File.Exists(source) ? source : FindChapter(source);
        try
        {
            return Assignment.FromNotebook(NotebookDocument.Load(path));
        }
        catch (Exception e) when (e is AssignmentException or NotebookFormatException)
        {
            throw new UsageException($"--source {source}: {e.Message}");
        }
    }

    private static string FindChapter(string name)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var notebooks = Path.Combine(dir.FullName, "notebooks");
            if (!Directory.Exists(notebooks)) continue;
            var matches = Directory.GetFiles(notebooks, "*.ipynb")
                .Where(f => Path.GetFileNameWithoutExtension(f) == name || Path.GetFileName(f).StartsWith(name + "-", StringComparison.Ordinal)).ToList();
            if (matches.Count == 1) return matches[0];
            if (matches.Count > 1) throw new UsageException($"--source {name} names several chapters: {string.Join(", ", matches.Select(Path.GetFileName))}.");
        }
        throw new UsageException($"--source {name}: no such notebook, and no chapter of that name in a notebooks/ folder here or above.");
    }

    /// <summary>
    /// Files as given, folders' *.ipynb files (and those one level down: submitted/STUDENT/chapter.ipynb).
    /// A student is named by the file's name, or by its folder when the file names repeat.
    /// </summary>
    public static IReadOnlyList<(string Student, string File)> Submissions(IReadOnlyList<string> inputs)
    {
        if (inputs.Count == 0) throw new UsageException("grade expects at least one submission (.ipynb) or folder of submissions.");
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
                files.AddRange(Directory.GetFiles(input, "*.ipynb").Concat(Directory.GetDirectories(input).SelectMany(d => Directory.GetFiles(d, "*.ipynb"))).Order(StringComparer.Ordinal));
            else if (File.Exists(input)) files.Add(input);
            else throw new UsageException($"No such submission file or folder: {input}.");
        }
        if (files.Count == 0) throw new UsageException($"No .ipynb submissions in {string.Join(", ", inputs)}.");
        var stems = files.Select(Path.GetFileNameWithoutExtension).ToList();
        var repeated = stems.GroupBy(s => s).Any(g => g.Count() > 1);
        var named = files.Select(f => (Student: repeated ? $"{Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(f)))}" : Path.GetFileNameWithoutExtension(f)!, File: f)).ToList();
        var clash = named.GroupBy(n => n.Student).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null) throw new UsageException($"Two submissions would both be graded as '{clash.Key}': {string.Join(", ", clash.Select(c => c.File))}. Give each student their own file name or folder.");
        return named;
    }

    public static void PrintTable(Assignment assignment, IReadOnlyList<SubmissionGrade> grades, TimeSpan elapsed, TextWriter writer)
    {
        var width = Math.Max("student".Length, grades.Select(g => g.Student.Length).DefaultIfEmpty(0).Max());
        writer.WriteLine($"{"student".PadRight(width)}  {"points",12}  {"seconds",7}  result");
        writer.WriteLine($"{new string('-', width)}  {new string('-', 12)}  {new string('-', 7)}  ------");
        foreach (var grade in grades)
        {
            var points = $"{ExerciseMarkup.Format(grade.Score)} / {ExerciseMarkup.Format(grade.MaxScore)}";
            var result = grade.Invalid is not null ? $"NOT GRADED: {grade.Invalid}" : $"{grade.Checks.Count(c => c.Outcome == CheckOutcome.Passed)} of {grade.Checks.Count} checks passed";
            writer.WriteLine($"{grade.Student.PadRight(width)}  {points,12}  {grade.Seconds,7:0.0}  {result}");
        }
        writer.WriteLine($"graded {grades.Count} submission{(grades.Count == 1 ? "" : "s")} of {assignment.Chapter} in {elapsed.TotalSeconds:0.0} s");
    }
}
