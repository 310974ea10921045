using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NotebookKit.Data;
using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// The training loop every TorchSharp chapter uses: shuffled mini-batches seeded per epoch,
/// one optimiser step per batch inside a dispose scope (native memory stays flat), per-epoch
/// loss and accuracy on training and validation data, a progress callback for live charts, a
/// guard that stops with the step number when the loss turns NaN or infinite, and checkpoints
/// that resume to exactly the losses of an uninterrupted run.
/// </summary>
public sealed class Trainer
{
    private const string ModelFile = "model.bin", OptimizerFile = "optimizer.bin", StateFile = "trainer.json";

    private readonly nn.Module<Tensor, Tensor> model;
    private readonly Func<Tensor, Tensor, Tensor> loss;
    private readonly OptimizerHelper optimizer;

    public Trainer(nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor> loss, TrainerOptions options)
    {
        TorchRuntime.EnsureLoaded();
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.loss = loss ?? throw new ArgumentNullException(nameof(loss));
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        var parameters = model.parameters().ToArray();
        if (parameters.Length == 0) throw new ArgumentException("The model has no parameters to train.", nameof(model));
        optimizer = Options.Optimizer switch
        {
            OptimizerKind.Sgd => optim.SGD(parameters, Options.LearningRate),
            OptimizerKind.Momentum => optim.SGD(parameters, Options.LearningRate, momentum: Options.Momentum),
            _ => optim.Adam(parameters, Options.LearningRate),
        };
    }

    public TrainerOptions Options { get; }
    public TrainingHistory History { get; private set; } = new();

    /// <summary>Epochs completed so far (also after resuming from a checkpoint).</summary>
    public int EpochsDone => History.Epochs;

    /// <summary>
    /// Trains until <paramref name="untilEpoch"/> (default: <see cref="TrainerOptions.Epochs"/>) epochs
    /// are done. Targets of type int64 are class labels (accuracy is measured); others are regression targets.
    /// </summary>
    /// <param name="inputs">(N, ...) training inputs</param>
    /// <param name="targets">(N) labels or (N, ...) targets</param>
    public TrainingHistory Fit(Tensor inputs, Tensor targets, Tensor? validationInputs = null, Tensor? validationTargets = null,
        Action<ProgressReport>? progress = null, int? untilEpoch = null)
    {
        var examples = CheckData(inputs, targets, "training");
        if (validationInputs is not null || validationTargets is not null)
        {
            if (validationInputs is null || validationTargets is null)
                throw new ArgumentException("Expected both validation inputs and validation targets, or neither.");
            CheckData(validationInputs, validationTargets, "validation");
        }
        var lastEpoch = untilEpoch ?? Options.Epochs;
        if (lastEpoch > Options.Epochs) throw new ArgumentOutOfRangeException(nameof(untilEpoch), lastEpoch, $"Expected at most {Options.Epochs} epochs.");
        var classification = targets.dtype == ScalarType.Int64;
        for (var epoch = EpochsDone + 1; epoch <= lastEpoch; epoch++)
        {
            model.train();
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long correct = 0;
            var batches = Batching.Shuffled(examples, Options.BatchSize, Options.Seed, epoch);
            for (var b = 0; b < batches.Count; b++)
            {
                using var scope = torch.NewDisposeScope();
                var index = torch.tensor(batches[b].Select(i => (long)i).ToArray(), ScalarType.Int64);
                var x = inputs.index_select(0, index);                    // (batch, ...)
                var y = targets.index_select(0, index);
                optimizer.zero_grad();
                var output = model.forward(x);
                var batchLoss = loss(output, y);
                var value = batchLoss.to_type(ScalarType.Float64).item<double>();
                if (double.IsNaN(value) || double.IsInfinity(value))
                    throw new TrainingDivergedException(
                        $"The loss became {value.ToString(CultureInfo.InvariantCulture)} at epoch {epoch}, step {b + 1} of {batches.Count} " +
                        $"(learning rate {Options.LearningRate.ToString(CultureInfo.InvariantCulture)}): training stopped. Try a smaller learning rate.");
                batchLoss.backward();
                optimizer.step();
                lossSum += value * batches[b].Length;
                if (classification) correct += output.argmax(1).eq(y).sum().item<long>();
            }
            var msPerStep = clock.Elapsed.TotalMilliseconds / batches.Count;
            var (validationLoss, validationAccuracy) = validationInputs is null ? (double.NaN, double.NaN) : Evaluate(validationInputs, validationTargets!);
            History.Add(lossSum / examples, classification ? (double)correct / examples : double.NaN, validationLoss, validationAccuracy, msPerStep);
            progress?.Invoke(Report(epoch));
        }
        return History;
    }

    /// <summary>Mean loss and (for class labels) accuracy on some data, without gradients.</summary>
    public (double Loss, double Accuracy) Evaluate(Tensor inputs, Tensor targets)
    {
        CheckData(inputs, targets, "evaluation");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        var output = model.forward(inputs);
        var value = loss(output, targets).to_type(ScalarType.Float64).item<double>();
        var accuracy = targets.dtype == ScalarType.Int64 ? output.argmax(1).eq(targets).to_type(ScalarType.Float64).mean().item<double>() : double.NaN;
        return (value, accuracy);
    }

    /// <summary>Saves the model, the optimiser's state and the history, to resume later.</summary>
    public void SaveCheckpoint(string directory)
    {
        Directory.CreateDirectory(directory);
        model.save(Path.Combine(directory, ModelFile));
        optimizer.save_state_dict(Path.Combine(directory, OptimizerFile));
        var state = new CheckpointState(Options, History);
        File.WriteAllText(Path.Combine(directory, StateFile), JsonSerializer.Serialize(state, JsonOptions));
    }

    /// <summary>
    /// A trainer that continues a saved run: <paramref name="model"/> (built like the saved one) gets
    /// the saved weights, the optimiser its saved state, and training resumes after the saved epoch.
    /// </summary>
    public static Trainer Resume(string directory, nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor> loss)
    {
        foreach (var file in new[] { ModelFile, OptimizerFile, StateFile })
            if (!File.Exists(Path.Combine(directory, file)))
                throw new FileNotFoundException($"Not a checkpoint: {Path.Combine(directory, file)} is missing.");
        var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(directory, StateFile)), JsonOptions)
                    ?? throw new InvalidDataException($"{Path.Combine(directory, StateFile)} is empty.");
        model.load(Path.Combine(directory, ModelFile));
        var trainer = new Trainer(model, loss, state.Options);
        trainer.optimizer.load_state_dict(Path.Combine(directory, OptimizerFile));
        trainer.History = state.History;
        return trainer;
    }

    private ProgressReport Report(int epoch)
    {
        var metrics = new List<(string, double)> { ("train loss", History.TrainLoss[^1]) };
        if (!double.IsNaN(History.ValidationLoss[^1])) metrics.Add(("validation loss", History.ValidationLoss[^1]));
        if (!double.IsNaN(History.TrainAccuracy[^1])) metrics.Add(("train accuracy", History.TrainAccuracy[^1]));
        if (!double.IsNaN(History.ValidationAccuracy[^1])) metrics.Add(("validation accuracy", History.ValidationAccuracy[^1]));
        return ProgressReport.Of(epoch, Options.Epochs, metrics.ToArray());
    }

    private static int CheckData(Tensor inputs, Tensor targets, string what)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.dim() == 0 || inputs.shape[0] == 0)
            throw new ArgumentException($"Expected a non-empty {what} set, got inputs of shape ({string.Join(", ", inputs.shape)}).");
        if (targets.dim() == 0 || targets.shape[0] != inputs.shape[0])
            throw new ArgumentException($"Expected one {what} target per input: {inputs.shape[0]} inputs but targets of shape ({string.Join(", ", targets.shape)}).");
        return (int)inputs.shape[0];
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private sealed record CheckpointState(TrainerOptions Options, TrainingHistory History);
}
