using NotebookKit.Runner.Doctor;

namespace NotebookKit.Runner.Cli;

/// <summary><c>doctor</c>: checks this machine for what the chapters need and prints each problem with its fix.</summary>
public static class DoctorCommand
{
    public static int Execute(Options options)
    {
        var root = MachineCheck.FindRoot(options.Inputs.FirstOrDefault() ?? Directory.GetCurrentDirectory());
        var findings = MachineCheck.Run(root);
        foreach (var finding in findings)
        {
            var mark = finding.Level switch { FindingLevel.Ok => "ok     ", FindingLevel.Note => "note   ", _ => "PROBLEM" };
            Console.WriteLine($"{mark}  {finding.Check,-20} {finding.Detail}");
            if (finding.Fix is not null && finding.Level == FindingLevel.Problem) Console.WriteLine($"{"",9}{"",-20} fix: {finding.Fix}");
        }
        var problems = findings.Count(f => f.Level == FindingLevel.Problem);
        Console.WriteLine(problems == 0 ? "\nEverything the chapters need is in place." : $"\n{problems} problem{(problems == 1 ? "" : "s")} found: run the fixes above in order, then the doctor again.");
        return problems == 0 ? 0 : 1;
    }
}
