using System.Text.Json;
using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// Trains any TorchSharp model with <see cref="TrainingLoop"/>: the model (or a small adapter)
/// gives its loss for a batch, the trainer does the rest. Each batch runs in a dispose scope
/// (native memory stays flat); gradients are clipped when asked; the learning rate follows the
/// schedule; checkpoints hold the model, the optimiser's state and the history, and resume to
/// exactly the losses of an uninterrupted run.
/// </summary>
public sealed class Trainer
{
    private const string ModelFile = "model.bin", OptimizerFile = "optimizer.bin", StateFile = "trainer.json";

    private readonly nn.Module model;
    private readonly Parameter[] parameters;
    private readonly OptimizerHelper optimizer;
    private readonly Func<Tensor, Tensor, Tensor>? supervisedLoss;

    /// <summary>A trainer for a model whose batches and loss are given to <see cref="Fit{TBatch}"/>.</summary>
    public Trainer(nn.Module model, TrainerOptions options)
    {
        TorchRuntime.EnsureLoaded();
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        parameters = model.parameters().ToArray();
        if (parameters.Length == 0) throw new ArgumentException("The model has no parameters to train.", nameof(model));
        optimizer = Options.Optimizer switch
        {
            OptimizerKind.Sgd => new ContiguousSgd(parameters, Options.LearningRate),
            OptimizerKind.Momentum => optim.SGD(parameters, Options.LearningRate, momentum: Options.Momentum),
            OptimizerKind.AdamW => new ContiguousAdamW(parameters, Options.LearningRate, weight_decay: Options.WeightDecay),
            _ => new ContiguousAdamW(parameters, Options.LearningRate, weight_decay: 0),   // Adam: AdamW without weight decay, the same numbers as optim.Adam (tested)
        };
    }

    /// <summary>A trainer for a model mapping inputs to predictions, scored by <paramref name="loss"/>(prediction, target).</summary>
    public Trainer(nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor> loss, TrainerOptions options) : this(model, options)
    {
        supervisedLoss = loss ?? throw new ArgumentNullException(nameof(loss));
    }

    public TrainerOptions Options { get; }
    public TrainingHistory History { get; private set; } = new();

    /// <summary>Epochs completed so far (also after resuming from a checkpoint).</summary>
    public int EpochsDone => History.Epochs;

    /// <summary>
    /// Trains until <paramref name="untilEpoch"/> (default: <see cref="TrainerOptions.Epochs"/>) epochs are done.
    /// </summary>
    /// <param name="loss">the model's loss on one batch (e.g. <c>seq2seq.Loss</c>)</param>
    public TrainingHistory Fit<TBatch>(IBatchSource<TBatch> train, Func<TBatch, TensorLoss> loss, IBatchSource<TBatch>? validation = null,
        Action<ProgressReport>? progress = null, int? untilEpoch = null) =>
        TrainingLoop.Run(new Stepper<TBatch>(this, loss), train, validation, Options, History, untilEpoch ?? Options.Epochs, progress);

    /// <summary>
    /// Trains a model built with a loss function on tensors. Targets of type int64 are class labels
    /// (accuracy is measured); others are regression targets.
    /// </summary>
    /// <param name="inputs">(N, ...) training inputs</param>
    /// <param name="targets">(N) labels or (N, ...) targets</param>
    public TrainingHistory Fit(Tensor inputs, Tensor targets, Tensor? validationInputs = null, Tensor? validationTargets = null,
        Action<ProgressReport>? progress = null, int? untilEpoch = null)
    {
        var train = new TensorDataset(inputs, targets);
        if ((validationInputs is null) != (validationTargets is null))
            throw new ArgumentException("Expected both validation inputs and validation targets, or neither.");
        var validation = validationInputs is null ? null : new TensorDataset(validationInputs, validationTargets!, "validation");
        return Fit(train, SupervisedLoss, validation, progress, untilEpoch);
    }

    /// <summary>Mean loss and (for class labels) accuracy on some data, without gradients.</summary>
    public (double Loss, double Accuracy) Evaluate(Tensor inputs, Tensor targets) =>
        TrainingLoop.Evaluate(new Stepper<(Tensor, Tensor)>(this, SupervisedLoss), new TensorDataset(inputs, targets, "evaluation"));

    /// <summary>Saves the model, the optimiser's state and the history, to resume later.</summary>
    public void SaveCheckpoint(string directory)
    {
        // Each file is replaced atomically, so an interrupted save never leaves a half-written one.
        AtomicFile.Write(Path.Combine(directory, ModelFile), stream => { using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true); model.save(writer); });
        AtomicFile.Write(Path.Combine(directory, OptimizerFile), stream => { using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true); optimizer.save_state_dict(writer); });
        AtomicFile.Write(Path.Combine(directory, StateFile), stream => JsonSerializer.Serialize(stream, new CheckpointState(Options, History), JsonOptions));
    }

    /// <summary>
    /// A trainer that continues a saved run: <paramref name="model"/> (built like the saved one) gets
    /// the saved weights, the optimiser its saved state, and training resumes after the saved epoch.
    /// </summary>
    public static Trainer Resume(string directory, nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, Tensor> loss) =>
        Restore(directory, model, options => new Trainer(model, loss, options));

    /// <summary>As <see cref="Resume(string, nn.Module{Tensor, Tensor}, Func{Tensor, Tensor, Tensor})"/>, for a model trained with <see cref="Fit{TBatch}"/>.</summary>
    public static Trainer Resume(string directory, nn.Module model) => Restore(directory, model, options => new Trainer(model, options));

    private static Trainer Restore(string directory, nn.Module model, Func<TrainerOptions, Trainer> create)
    {
        foreach (var file in new[] { ModelFile, OptimizerFile, StateFile })
            if (!File.Exists(Path.Combine(directory, file)))
                throw new FileNotFoundException($"Not a checkpoint: {Path.Combine(directory, file)} is missing.");
        var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(directory, StateFile)), JsonOptions)
                    ?? throw new InvalidDataException($"{Path.Combine(directory, StateFile)} is empty.");
        model.load(Path.Combine(directory, ModelFile));
        var trainer = create(state.Options);
        trainer.optimizer.load_state_dict(Path.Combine(directory, OptimizerFile));
        trainer.History = state.History;
        return trainer;
    }

    private TensorLoss SupervisedLoss((Tensor Inputs, Tensor Targets) batch)
    {
        if (supervisedLoss is null || model is not nn.Module<Tensor, Tensor> network)
            throw new InvalidOperationException("This trainer was built without a loss function: call Fit(data, loss) with the model's loss for a batch.");
        var output = network.forward(batch.Inputs);
        var loss = supervisedLoss(output, batch.Targets);
        long? correct = batch.Targets.dtype == ScalarType.Int64 ? output.argmax(1).eq(batch.Targets).sum().item<long>() : null;
        return new TensorLoss(loss, batch.Inputs.shape[0], correct);
    }

    /// <summary>What the loop does to a TorchSharp model, batch by batch.</summary>
    private sealed class Stepper<TBatch>(Trainer trainer, Func<TBatch, TensorLoss> lossOf) : IBatchStepper<TBatch>
    {
        private bool training;
        private Tensor? pending;

        public void Mode(bool training)
        {
            this.training = training;
            if (training) trainer.model.train();
            else trainer.model.eval();
        }

        public IDisposable BatchScope() => training ? torch.NewDisposeScope() : new Scopes(torch.NewDisposeScope(), torch.no_grad());

        public BatchLoss Loss(TBatch batch)
        {
            if (training) trainer.optimizer.zero_grad();
            var loss = lossOf(batch);
            pending = training ? loss.Value : null;
            return new BatchLoss(loss.Value.to_type(ScalarType.Float64).item<double>(), loss.Count, loss.Correct);
        }

        public void Step(double learningRate)
        {
            var loss = pending ?? throw new InvalidOperationException("Step needs the loss of a training batch first.");
            pending = null;
            loss.backward();
            if (trainer.Options.ClipGradientNorm is { } maxNorm) nn.utils.clip_grad_norm_(trainer.parameters, maxNorm);
            foreach (var group in trainer.optimizer.ParamGroups) group.LearningRate = learningRate;
            trainer.optimizer.step();
        }
    }

    /// <summary>Disposes the inner scope (no_grad) before the outer one (the batch's tensors).</summary>
    private sealed class Scopes(IDisposable outer, IDisposable inner) : IDisposable
    {
        public void Dispose()
        {
            inner.Dispose();
            outer.Dispose();
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private sealed record CheckpointState(TrainerOptions Options, TrainingHistory History);
}
