namespace NotebookKit.Runner.Engine;

/// <summary>A magic command or #r line the engine cannot honour; the message says what is allowed.</summary>
public sealed class DirectiveException(string message) : Exception(message)
{
    /// <summary>1-based line in the cell, when known.</summary>
    public int Line { get; init; }
}
