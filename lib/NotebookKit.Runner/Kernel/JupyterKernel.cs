using System.Runtime.InteropServices;
using NetMQ;
using NetMQ.Sockets;

namespace NotebookKit.Runner.Kernel;

/// <summary>
/// A Jupyter kernel (messaging protocol 5.3) on the engine: shell requests run in order on one
/// thread (execute, complete, inspect, is_complete, kernel_info, history, comm_info, shutdown);
/// control requests (interrupt, shutdown, kernel_info) on another, so an interrupt reaches a busy
/// cell; a heartbeat echo; iopub for outputs and status; stdin for <c>Console.ReadLine</c>. Every
/// incoming message's HMAC-SHA256 signature is checked: a bad one is logged and dropped.
/// </summary>
public sealed partial class JupyterKernel
{
    private readonly ConnectionInfo connection;
    private readonly MessageSigner signer;
    private readonly string session = Guid.NewGuid().ToString();
    private readonly TextWriter log;
    private readonly ManualResetEventSlim stopped = new();
    private IOPubChannel? iopub;
    private KernelExecution? execution;
    private RouterSocket? stdin;
    private JupyterMessage? stdinParent;
    private bool restartRequested;

    public JupyterKernel(ConnectionInfo connection, TextWriter log)
    {
        this.connection = connection;
        signer = new MessageSigner(connection.Key);
        this.log = log;
    }

    /// <summary>Messages dropped because their signature did not match (also logged).</summary>
    public int Rejected { get; private set; }

    /// <summary>Serves until a shutdown request; returns the process exit code.</summary>
    public int Serve()
    {
        iopub = new IOPubChannel(connection.Address(connection.IOPubPort), signer, session);
        iopub.Status("starting", null);
        var ready = new CountdownEvent(3);
        var failures = new List<string>();
        StartThread("jupyter-heartbeat", () => Heartbeat(ready, failures));
        StartThread("jupyter-control", () => Serve("control", connection.ControlPort, ready, failures, HandleControl));
        StartThread("jupyter-shell", () =>
        {
            execution = new KernelExecution();
            stdin = Bind("stdin", connection.StdinPort, failures, () => new RouterSocket());
            KernelStdin.Install(() => stdinParent is { } parent && parent.Content["allow_stdin"]?.GetValue<bool>() == true ? prompt => AskInput(parent, prompt) : null);
            Serve("shell", connection.ShellPort, ready, failures, HandleShell);
        }, stackSize: 16 * 1024 * 1024);
        using var interruptSignal = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true; // a front end configured to send SIGINT interrupts the cell, not the kernel
            execution?.Interrupt();
        });
        ready.Wait();
        if (failures.Count > 0)
        {
            foreach (var failure in failures) log.WriteLine($"notebookkit kernel: {failure}");
            return 1;
        }
        log.WriteLine($"notebookkit kernel: listening on {connection.Ip} (shell {connection.ShellPort}, iopub {connection.IOPubPort}, control {connection.ControlPort})");
        iopub.Status("idle", null);
        stopped.Wait();
        iopub.Flush(TimeSpan.FromSeconds(3));
        log.WriteLine($"notebookkit kernel: {(restartRequested ? "shut down for a restart" : "shut down")}");
        return 0;
    }

    private static void StartThread(string name, Action body, int stackSize = 0) =>
        new Thread(() => body(), stackSize) { IsBackground = true, Name = name }.Start();

    private T? Bind<T>(string channel, int port, List<string> failures, Func<T> create) where T : NetMQSocket
    {
        var socket = create();
        try
        {
            socket.Bind(connection.Address(port));
            return socket;
        }
        catch (Exception e)
        {
            socket.Dispose();
            lock (failures) failures.Add($"cannot listen on {connection.Address(port)} ({channel}): {e.Message}");
            return null;
        }
    }

    private void Heartbeat(CountdownEvent ready, List<string> failures)
    {
        using var socket = Bind("heartbeat", connection.HeartbeatPort, failures, () => new ResponseSocket());
        ready.Signal();
        if (socket is null) return;
        while (true)
        {
            var ping = socket.ReceiveMultipartMessage();
            socket.SendMultipartMessage(ping);
        }
    }

    private void Serve(string channel, int port, CountdownEvent ready, List<string> failures, Action<RouterSocket, JupyterMessage> handle)
    {
        using var socket = Bind(channel, port, failures, () => new RouterSocket());
        ready.Signal();
        if (socket is null) return;
        while (!stopped.IsSet)
        {
            if (!TryReceive(socket, channel, TimeSpan.FromMilliseconds(200), out var message) || message is null) continue;
            try { handle(socket, message); }
            catch (Exception e) { log.WriteLine($"notebookkit kernel: {message.Type} failed: {e}"); }
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a message; false when none came. A malformed or badly
    /// signed one is logged and dropped: true with a null message.
    /// </summary>
    private bool TryReceive(NetMQSocket socket, string channel, TimeSpan timeout, out JupyterMessage? message)
    {
        NetMQMessage? wire = null;
        message = null;
        if (!socket.TryReceiveMultipartMessage(timeout, ref wire)) return false;
        message = JupyterMessage.FromWire(wire, signer, out var rejected);
        if (message is null)
        {
            Rejected++;
            log.WriteLine($"notebookkit kernel: dropped {rejected} on the {channel} channel");
        }
        return true;
    }
}
