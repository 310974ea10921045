using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Runner.Engine;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Cli;


/// <summary>
/// Runs one notebook in a fresh engine process (<c>exec</c>), enforces its time limit from
/// outside as well, and repairs the executed notebook if the process died without writing it.
/// </summary>
public static class NotebookProcess
{
    /// <summary>Extra time the process gets to save its own timeout report before it is killed.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(20);

    public static NotebookRun Run(string notebook, string output, double timeLimitSeconds, bool quick, bool checkStudentVersion = false)
    {
        notebook = Path.GetFullPath(notebook);
        output = Path.GetFullPath(output);
        var start = SelfStartInfo();
        foreach (var arg in new[] { "exec", notebook, "--out-file", output, "--timeout", timeLimitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        if (quick) start.Environment[NotebookKit.Kit.QuickModeVariable] = "1";
        if (checkStudentVersion) start.ArgumentList.Add("--check-student-version");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(notebook))!;

        if (File.Exists(output)) File.Delete(output);
        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var killed = !process.WaitForExit(TimeSpan.FromSeconds(timeLimitSeconds) + KillGrace);
        if (killed)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        else
        {
            process.WaitForExit(); // drain the output readers
        }

        var record = File.Exists(output) ? RunRecord.FromNotebook(LoadJson(output)) : null;
        if (process.ExitCode == ExitCodes.BadInput && record is null)
            return new NotebookRun(notebook, output, new RunRecord { Status = RunRecord.Failed, Error = Tail(log.ToString()) });
        if (record is null || record.Status == RunRecord.Running || killed)
            record = Repair(notebook, output, record, killed, process.ExitCode, timeLimitSeconds, Tail(log.ToString()));
        return new NotebookRun(notebook, output, record);
    }

    /// <summary>Writes the error into the executed notebook when the engine process could not.</summary>
    private static RunRecord Repair(string notebook, string output, RunRecord? partial, bool killed, int exitCode, double limit, string log)
    {
        var document = File.Exists(output)
            ? NotebookDocument.Load(output)
            : NotebookDocument.Load(notebook).CloneForExecution();
        var record = partial ?? new RunRecord { CodeCells = document.AllCells.Count(c => c.CellType == "code") };
        var cellNumber = record.RunningCell ?? document.AllCells.FirstOrDefault(c => c.CellType == "code")?.Number ?? 1;
        var cell = document.AllCells.First(c => c.Number == cellNumber);
        var report = killed
            ? ErrorReport.Timeout(cellNumber, limit)
            : new ErrorReport("EngineCrash", $"Cell {cellNumber}: the engine process ended unexpectedly (exit code {exitCode}) while running this cell.",
                [$"Cell {cellNumber}: the engine process ended unexpectedly (exit code {exitCode}) while running this cell.", .. log.Split('\n')], null);
        new CellOutputs(cell.Outputs).Error(report.Name, report.Value, report.Traceback);
        record.Status = killed ? RunRecord.Timeout : RunRecord.Crashed;
        record.FailedCell = cellNumber;
        record.RunningCell = null;
        record.Error = report.Value;
        record.WriteTo(document.Root);
        document.Save(output);
        return record;
    }

    private static JsonObject LoadJson(string path) => (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;

    private static string Tail(string text, int lines = 30)
    {
        var all = text.TrimEnd().Split('\n');
        return string.Join("\n", all.Skip(Math.Max(0, all.Length - lines)));
    }

    private static ProcessStartInfo SelfStartInfo()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which program is running the engine.");
        var entry = Assembly.GetEntryAssembly()?.Location;
        var isDotnetHost = Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        if (!isDotnetHost) return new ProcessStartInfo(host);
        var runnerDll = entry is not null && Path.GetFileName(entry).Equals("NotebookKit.Runner.dll", StringComparison.OrdinalIgnoreCase)
            ? entry
            : Path.Combine(AppContext.BaseDirectory, "NotebookKit.Runner.dll");
        var start = new ProcessStartInfo(host);
        start.ArgumentList.Add(runnerDll);
        return start;
    }
}
