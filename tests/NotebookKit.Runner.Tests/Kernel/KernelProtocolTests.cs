namespace NotebookKit.Runner.Tests.Kernel;

/// <summary>
/// The kernel driven over the Jupyter protocol by jupyter_client (kernel_checks.py): outputs and
/// statuses of execute, display updates in place, completions and help from Roslyn, is_complete,
/// interrupting an endless loop (also one inside the kit), restart, a badly signed message, and
/// Console.ReadLine through input_request, queued cells aborted after an error. Each scenario starts
/// its own kernel.
/// </summary>
public sealed class KernelProtocolTests(JupyterClients clients) : IClassFixture<JupyterClients>
{
    [Theory]
    [InlineData("execute")]
    [InlineData("display_update")]
    [InlineData("complete_inspect")]
    [InlineData("is_complete")]
    [InlineData("interrupt")]
    [InlineData("restart")]
    [InlineData("bad_signature")]
    [InlineData("stdin")]
    [InlineData("stop_on_error")]
    public void Scenario_PassesWithJupyterClient(string scenario)
    {
        var (code, output) = clients.Python([JupyterClients.Script("kernel_checks.py"), scenario], TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"scenario {scenario} failed (exit {code}):\n{output}");
        Assert.Contains($"{scenario}: ok", output);
        if (scenario == "bad_signature") // the kernel's log (its stderr) says what it dropped
            Assert.Contains("dropped a message with a bad HMAC signature on the shell channel", output);
    }
}
