namespace NotebookKit.Runner.Tests.Support;

/// <summary>Base of the engine tests: a scratch folder per test and a helper that runs one notebook.</summary>
public abstract class EngineTest : IDisposable
{
    protected TempFolder Scratch { get; } = new();

    public void Dispose() => Scratch.Dispose();

    /// <summary>Writes the notebook as test.ipynb and runs the engine's <c>run</c> command on it.</summary>
    protected EngineResult RunOne(TestNotebook notebook, params string[] extra)
    {
        var path = notebook.WriteTo(Scratch.Sub("in"), "test.ipynb");
        return Engine.Run(Scratch.Sub("out"), [path, .. extra]);
    }
}
