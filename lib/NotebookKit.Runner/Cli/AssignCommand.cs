using System.Text;
using NotebookKit.Runner.Grading;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Cli;

/// <summary>
/// <c>assign NOTEBOOK|FOLDER... --out DIR</c>: writes the student version of each chapter under the
/// same file name (see <see cref="Assignment.StudentVersion"/>) and prints each chapter's points.
/// </summary>
public static class AssignCommand
{
    public static int Execute(Options options)
    {
        if (options.OutDir is null) throw new UsageException("assign expects --out DIR: the folder for the student versions.");
        var notebooks = RunCommand.ExpandInputs(options.Inputs);
        var outDir = Path.GetFullPath(options.OutDir);
        if (notebooks.Any(n => Path.GetDirectoryName(Path.GetFullPath(n)) == outDir))
            throw new UsageException($"--out {options.OutDir} is the folder of the full notebooks; the student versions would overwrite them. Choose another folder.");
        Directory.CreateDirectory(outDir);
        var failed = 0;
        foreach (var path in notebooks)
        {
            try
            {
                var assignment = Assignment.FromNotebook(NotebookDocument.Load(path));
                var target = Path.Combine(outDir, Path.GetFileName(path));
                File.WriteAllText(target, NotebookDocument.Serialize(assignment.StudentVersion()), new UTF8Encoding(false));
                var exercises = assignment.Checks.Select(c => c.Exercise).Distinct().Count();
                if (exercises == 0) Console.WriteLine($"{Path.GetFileName(path)}: no exercises; copied with outputs cleared -> {target}");
                else Console.WriteLine($"{Path.GetFileName(path)}: {exercises} exercise{(exercises == 1 ? "" : "s")}, {ExerciseMarkup.Format(assignment.TotalPoints)} points " +
                    $"({ExerciseMarkup.Format(assignment.Checks.Where(c => c.Hidden).Sum(c => c.Points))} in hidden tests) -> {target}");
            }
            catch (Exception e) when (e is AssignmentException or NotebookFormatException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
