using NotebookKit.Data;
using NotebookKit.Scratch;
using NotebookKit.Torch;
using NotebookKit.Training;
using TorchSharp;

namespace NotebookKit.Tests.Training;

/// <summary>The one training loop: schedules, clipping and the guard, the same for scratch and TorchSharp models.</summary>
public sealed class TrainingLoopTests
{
    [Fact]
    public void WarmupCosine_RisesLinearly_ThenDecaysToTheMinimum()
    {
        var schedule = LearningRateSchedule.WarmupCosine(warmupSteps: 9, minimumFactor: 0.1);
        Assert.Equal(0.1, schedule.Factor(1, 100), 12);
        Assert.Equal(0.9, schedule.Factor(9, 100), 12);
        Assert.Equal(1.0, schedule.Factor(10, 100), 2);
        Assert.InRange(schedule.Factor(55, 100), 0.5, 0.6);                 // halfway down: about (1 + 0.1) / 2
        Assert.Equal(0.1, schedule.Factor(100, 100), 12);
        var factors = Enumerable.Range(10, 91).Select(s => schedule.Factor(s, 100)).ToArray();
        Assert.True(factors.Zip(factors.Skip(1)).All(p => p.Second <= p.First), "the cosine part must never rise");
        Assert.Equal(1.0, LearningRateSchedule.Constant.Factor(37, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.WarmupCosine(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.WarmupCosine(10, 1.5));
    }

    [Fact]
    public void Trainer_FollowsTheSchedule_StepByStep()
    {
        // With plain SGD the update is exactly rate × gradient; a model whose gradient is 1 shows the rate used at each step.
        using var scope = torch.NewDisposeScope();
        var weight = new TorchSharp.Modules.Parameter(torch.zeros(1));
        var model = new Linear1(weight);
        var schedule = LearningRateSchedule.WarmupCosine(warmupSteps: 2, minimumFactor: 0.5);
        var trainer = new Trainer(model, new TrainerOptions { Epochs = 2, BatchSize = 1, LearningRate = 0.1, Optimizer = OptimizerKind.Sgd, Schedule = schedule });
        var data = new TensorDataset(torch.zeros(3, 1), torch.zeros(3, 1));
        var seen = new List<double>();
        trainer.Fit(data, batch => new TensorLoss(model.Weight.sum(), 1), progress: _ => seen.Add(-model.Weight.item<float>()));
        var expected = Enumerable.Range(1, 6).Select(s => 0.1 * schedule.Factor(s, 6)).ToArray();
        Assert.Equal(expected[..3].Sum(), seen[0], 5);
        Assert.Equal(expected.Sum(), seen[1], 5);
        Assert.Equal(6, trainer.History.Steps);
    }

    [Fact]
    public void ClipGradientNorm_BoundsTheUpdate_OnBothSides()
    {
        // Scratch: a huge gradient is rescaled to the given norm before the SGD step.
        var model = new Mlp([2, 3, 2], ActivationKind.Tanh, seed: 1);
        foreach (var p in model.Parameters) p.Grad.MapInplace(_ => 100.0);
        var sgd = new Sgd(model.Parameters, 1.0);
        var before = sgd.ClipGradientNorm(1.0);
        Assert.Equal(100.0 * Math.Sqrt(model.Parameters.Sum(p => p.Count)), before, 6);
        Assert.Equal(1.0, Math.Sqrt(model.Parameters.Sum(p => p.GradData.Sum(g => g * g))), 5);

        // TorchSharp: the trainer clips with the same rule (clip_grad_norm_).
        using var scope = torch.NewDisposeScope();
        var weight = new TorchSharp.Modules.Parameter(torch.zeros(4));
        var module = new Linear1(weight);
        var trainer = new Trainer(module, new TrainerOptions { Epochs = 1, BatchSize = 1, LearningRate = 1, Optimizer = OptimizerKind.Sgd, ClipGradientNorm = 0.5 });
        trainer.Fit(new TensorDataset(torch.zeros(1, 1), torch.zeros(1, 1)), _ => new TensorLoss((module.Weight * 1000).sum(), 1));
        Assert.Equal(0.5, module.Weight.norm().item<float>(), 4);
    }

    [Fact]
    public void ScratchTraining_UsesTheSameGuard_NamingEpochStepAndRate()
    {
        var data = Synthetic2D.Spirals(60, classes: 3, seed: 1);
        var model = new Mlp([2, 16, 3], ActivationKind.Relu, seed: 2);
        var error = Assert.Throws<TrainingDivergedException>(() => ScratchTraining.Fit(model, data, new Sgd(model.Parameters, 1e300), epochs: 50));
        Assert.Matches(@"at epoch \d+, step \d+ of 2 \(learning rate 1E\+300\)", error.Message);
    }

    [Fact]
    public void ScratchTraining_ReportsLossAndAccuracy()
    {
        var data = Synthetic2D.Xor(80, seed: 1);
        var model = new Mlp([2, 8, 2], ActivationKind.Tanh, seed: 3);
        var reports = new List<ProgressReport>();
        var losses = ScratchTraining.Fit(model, data, new Adam(model.Parameters, 0.05), epochs: 60, progress: reports.Add);
        Assert.Equal(60, reports.Count);
        Assert.Equal(losses[^1], reports[^1].Metrics["train loss"]);
        Assert.InRange(reports[^1].Metrics["train accuracy"], 0.9, 1.0);
    }

    [Fact]
    public void Options_BadClipOrEvaluationBatch_AreClearErrors()
    {
        Assert.Contains("gradient norm", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { ClipGradientNorm = 0 }.Validated()).Message);
        Assert.Contains("evaluation batch size", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { EvaluationBatchSize = -1 }.Validated()).Message);
        Assert.Contains("weight decay", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { WeightDecay = -1 }.Validated()).Message);
    }

    /// <summary>The smallest trainable module: one parameter vector.</summary>
    private sealed class Linear1 : torch.nn.Module<torch.Tensor, torch.Tensor>
    {
        private readonly TorchSharp.Modules.Parameter weight;

        public Linear1(TorchSharp.Modules.Parameter weight) : base(nameof(Linear1))
        {
            this.weight = weight;
            RegisterComponents();
        }

        public torch.Tensor Weight => weight;

        public override torch.Tensor forward(torch.Tensor input) => input * weight;
    }
}
