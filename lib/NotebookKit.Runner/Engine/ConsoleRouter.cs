using System.Text;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// Sends Console.Out and Console.Error to the running cell's outputs as stdout/stderr streams.
/// Installed once per engine process.
/// </summary>
internal sealed class ConsoleRouter : TextWriter
{
    private readonly string stream;
    private readonly Func<CellOutputs?> target;
    private readonly TextWriter fallback;

    private ConsoleRouter(string stream, Func<CellOutputs?> target, TextWriter fallback)
    {
        this.stream = stream;
        this.target = target;
        this.fallback = fallback;
    }

    public override Encoding Encoding => Encoding.UTF8;

    public static void Install(Func<CellOutputs?> target)
    {
        Console.SetOut(new ConsoleRouter("stdout", target, Console.Out));
        Console.SetError(new ConsoleRouter("stderr", target, Console.Error));
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (target() is { } outputs) outputs.Write(stream, value);
        else fallback.Write(value);
    }

    public override void WriteLine(string? value) => Write((value ?? "") + "\n");

    public override void WriteLine() => Write("\n");
}
