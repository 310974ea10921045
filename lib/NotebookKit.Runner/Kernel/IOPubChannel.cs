using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using NetMQ;
using NetMQ.Sockets;

namespace NotebookKit.Runner.Kernel;

/// <summary>
/// The iopub channel: every output, status and echo goes out here, to every connected front end.
/// Messages come from several threads (a cell, a training worker, the control thread), so one
/// thread owns the socket and sends them in the order they were queued.
/// </summary>
internal sealed class IOPubChannel : IDisposable
{
    private readonly BlockingCollection<JupyterMessage> queue = new();
    private readonly Thread sender;
    private readonly MessageSigner signer;
    private readonly string session;

    public IOPubChannel(string address, MessageSigner signer, string session)
    {
        this.signer = signer;
        this.session = session;
        var bound = new ManualResetEventSlim();
        Exception? failure = null;
        sender = new Thread(() =>
        {
            PublisherSocket socket;
            try
            {
                socket = new PublisherSocket();
                socket.Options.Linger = TimeSpan.FromSeconds(2); // deliver what is queued when the kernel shuts down
                socket.Bind(address);
            }
            catch (Exception e)
            {
                failure = e;
                bound.Set();
                return;
            }
            bound.Set();
            using (socket)
            {
                foreach (var message in queue.GetConsumingEnumerable())
                    socket.SendMultipartMessage(message.ToWire(signer));
            }
        }) { IsBackground = true, Name = "jupyter-iopub" };
        sender.Start();
        bound.Wait();
        if (failure is not null) throw new KernelStartException($"Cannot listen on {address} (iopub): {failure.Message}");
    }

    /// <summary>Publishes a message of <paramref name="type"/> as a child of <paramref name="parent"/>.</summary>
    public void Publish(string type, JsonObject content, JupyterMessage? parent)
    {
        var topic = new[] { System.Text.Encoding.UTF8.GetBytes($"kernel.{session}.{type}") };
        if (!queue.IsAddingCompleted) queue.Add(JupyterMessage.Create(type, content, parent, session, topic));
    }

    public void Status(string state, JupyterMessage? parent) => Publish("status", new JsonObject { ["execution_state"] = state }, parent);

    /// <summary>Sends what is queued, then closes the socket (waits at most <paramref name="timeout"/>).</summary>
    public void Flush(TimeSpan timeout)
    {
        queue.CompleteAdding();
        sender.Join(timeout);
    }

    public void Dispose() => Flush(TimeSpan.FromSeconds(2));
}
