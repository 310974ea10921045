namespace NotebookKit.Runner.Cli;

/// <summary>Parsed command-line options shared by the commands.</summary>
public sealed class Options
{
    public List<string> Inputs { get; } = [];
    public string? OutDir { get; set; }
    public bool Quick { get; set; }
    public double? TimeoutSeconds { get; set; }

    /// <summary>Time limit per notebook as a multiple of the budget the chapter states (overrides --timeout where one is stated).</summary>
    public double? BudgetFactor { get; set; }
    public string? OutFile { get; set; }
    public string? NotebooksDir { get; set; }

    /// <summary>grade: the full notebook (with solutions and hidden tests) or a chapter's name.</summary>
    public string? Source { get; set; }

    /// <summary>exec in grading mode: every cell runs, each within this many seconds.</summary>
    public double? CellTimeoutSeconds { get; set; }

    /// <summary>exec in grading mode: cell ids not to run.</summary>
    public List<string> SkipCells { get; } = [];

    /// <summary>exec: delete the input notebook once it is read.</summary>
    public bool DeleteInput { get; set; }

    /// <summary>grade: submissions graded at once (default: the number of cores).</summary>
    public int? Jobs { get; set; }

    /// <summary>grade: memory limit of one submission, in MB.</summary>
    public double? MemoryMb { get; set; }

    /// <summary>grade: time limit of one whole submission, in seconds.</summary>
    public double? SubmissionTimeoutSeconds { get; set; }

    /// <summary>run, book: check each chapter's student version on the way (exec: --check-student-version).</summary>
    public bool CheckStudentVersions { get; set; }

    /// <summary>grade: run without the bubblewrap sandbox even where it is available.</summary>
    public bool NoSandbox { get; set; }

    /// <summary>kernel install/uninstall: the Jupyter data folder under this prefix (PREFIX/share/jupyter) instead of the user's.</summary>
    public string? Prefix { get; set; }

    /// <summary>kernel install/uninstall: the user's Jupyter data folder (the default).</summary>
    public bool User { get; set; }

    /// <summary>kernel start: the connection file the front end wrote.</summary>
    public string? ConnectionFile { get; set; }

    /// <summary>export: the target format (cs).</summary>
    public string? To { get; set; }

    public static Options Parse(IReadOnlyList<string> args)
    {
        var options = new Options();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--out":
                    options.OutDir = Value(args, ref i, arg);
                    break;
                case "--out-file":
                    options.OutFile = Value(args, ref i, arg);
                    break;
                case "--notebooks":
                    options.NotebooksDir = Value(args, ref i, arg);
                    break;
                case "--source":
                    options.Source = Value(args, ref i, arg);
                    break;
                case "--cell-timeout":
                    options.CellTimeoutSeconds = PositiveNumber(args, ref i, arg, "a positive number of seconds");
                    break;
                case "--submission-timeout":
                    options.SubmissionTimeoutSeconds = PositiveNumber(args, ref i, arg, "a positive number of seconds");
                    break;
                case "--memory-mb":
                    options.MemoryMb = PositiveNumber(args, ref i, arg, "a positive number of megabytes");
                    break;
                case "--jobs":
                    var jobs = PositiveNumber(args, ref i, arg, "a positive whole number");
                    if (jobs != Math.Floor(jobs)) throw new UsageException($"--jobs expects a positive whole number, got {jobs}.");
                    options.Jobs = (int)jobs;
                    break;
                case "--skip":
                    options.SkipCells.AddRange(Value(args, ref i, arg).Split(',', StringSplitOptions.RemoveEmptyEntries));
                    break;
                case "--delete-input":
                    options.DeleteInput = true;
                    break;
                case "--check-student-versions":
                case "--check-student-version":
                    options.CheckStudentVersions = true;
                    break;
                case "--no-sandbox":
                    options.NoSandbox = true;
                    break;
                case "--quick":
                    options.Quick = true;
                    break;
                case "--user":
                    options.User = true;
                    break;
                case "--prefix":
                    options.Prefix = Value(args, ref i, arg);
                    break;
                case "--connection-file" or "-f":
                    options.ConnectionFile = Value(args, ref i, arg);
                    break;
                case "--to":
                    options.To = Value(args, ref i, arg);
                    break;
                case "--timeout":
                    options.TimeoutSeconds = PositiveNumber(args, ref i, arg, "a positive number of seconds");
                    break;
                case "--budget-factor":
                    options.BudgetFactor = PositiveNumber(args, ref i, arg, "a positive number");
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"Unknown option '{arg}'.");
                    options.Inputs.Add(arg);
                    break;
            }
        }
        return options;
    }

    private static double PositiveNumber(IReadOnlyList<string> args, ref int i, string name, string expected)
    {
        var text = Value(args, ref i, name);
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || !(value > 0))
            throw new UsageException($"{name} expects {expected}, got '{text}'.");
        return value;
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new UsageException($"{name} expects a value.");
        return args[++i];
    }
}

public sealed class UsageException(string message) : Exception(message);
