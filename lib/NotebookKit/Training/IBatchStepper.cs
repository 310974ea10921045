namespace NotebookKit.Training;

/// <summary>
/// What the one training loop asks of a model and its optimiser, batch by batch. The TorchSharp
/// <see cref="Trainer"/> and the from-scratch training both implement it; the loop itself knows
/// neither.
/// </summary>
public interface IBatchStepper<in TBatch>
{
    /// <summary>Switches the model between training and evaluation behaviour (dropout, no gradients).</summary>
    void Mode(bool training);

    /// <summary>Memory that lives for one batch (TorchSharp's dispose scope); disposed after the batch.</summary>
    IDisposable BatchScope();

    /// <summary>The forward pass: the batch's loss, kept for <see cref="Step"/> when training.</summary>
    BatchLoss Loss(TBatch batch);

    /// <summary>Backward pass, gradient clipping and one optimiser update at <paramref name="learningRate"/>.</summary>
    void Step(double learningRate);
}
