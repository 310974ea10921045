namespace NotebookKit.Runner.Kernel;

/// <summary>
/// Console.In for cells: <c>Console.ReadLine()</c> asks the front end for a line (an input_request
/// on the stdin channel) when the running request allows it, and fails with a clear message otherwise.
/// </summary>
internal sealed class KernelStdin(Func<Func<string, string>?> provider) : TextReader
{
    private string pending = "";

    public override string? ReadLine()
    {
        if (pending.Length > 0)
        {
            var line = pending.EndsWith('\n') ? pending[..^1] : pending;
            pending = "";
            return line;
        }
        var ask = provider() ?? throw new InvalidOperationException(
            "Console.ReadLine(): this front end does not accept input for this cell (its execute request did not allow stdin).");
        return ask("");
    }

    public override int Read()
    {
        if (pending.Length == 0) pending = (ReadLine() ?? "") + "\n";
        var c = pending[0];
        pending = pending[1..];
        return c;
    }

    public override int Peek()
    {
        if (pending.Length == 0) pending = (ReadLine() ?? "") + "\n";
        return pending[0];
    }

    public static void Install(Func<Func<string, string>?> provider) => Console.SetIn(new KernelStdin(provider));
}
