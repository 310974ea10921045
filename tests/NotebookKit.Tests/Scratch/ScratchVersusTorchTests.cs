using MathNet.Numerics.LinearAlgebra;
using NotebookKit.Scratch;
using NotebookKit.Tests.Support;
using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Scratch;

/// <summary>The from-scratch layers equal TorchSharp's on shared weights: forward outputs and every gradient.</summary>
public sealed class ScratchVersusTorchTests
{
    public static TheoryData<ActivationKind, ScalarType, double> MlpCases() => new()
    {
        { ActivationKind.Tanh, ScalarType.Float64, 1e-9 },
        { ActivationKind.Relu, ScalarType.Float64, 1e-9 },
        { ActivationKind.Gelu, ScalarType.Float64, 1e-9 },
        { ActivationKind.Sigmoid, ScalarType.Float64, 1e-9 },
        { ActivationKind.Tanh, ScalarType.Float32, 1e-5 },
        { ActivationKind.Gelu, ScalarType.Float32, 1e-5 },
    };

    [Theory]
    [MemberData(nameof(MlpCases))]
    public void Mlp_SharedWeights_SameOutputsAndGradients(ActivationKind hidden, ScalarType dtype, double tolerance)
    {
        var scratch = new NotebookKit.Scratch.Mlp([4, 7, 5, 3], hidden, seed: 21);
        using var torchModel = new NotebookKit.Modules.Mlp([4, 7, 5, 3], hidden, dtype);
        torchModel.CopyWeightsFrom(scratch);
        var input = Compare.RandomMatrix(6, 4, seed: 22, scale: 2);
        int[] labels = [0, 2, 1, 1, 0, 2];

        var loss = new SoftmaxCrossEntropy();
        var scratchOutput = scratch.Forward(input);
        var scratchLoss = loss.Forward(scratchOutput, labels);
        scratch.ZeroGrad();
        scratch.Backward(loss.Backward());

        using var scope = torch.NewDisposeScope();
        var x = TensorConvert.ToTensor(input, dtype);
        var output = torchModel.forward(x);
        var torchLoss = nn.functional.cross_entropy(output, TensorConvert.Labels(labels));
        torchLoss.backward();

        double Floor(Matrix<double> m) => dtype == ScalarType.Float32 ? Compare.Float32Floor(m) : 1e-3;
        Compare.Close(scratchOutput, TensorConvert.ToMatrix(output), tolerance, "logits", Floor(scratchOutput));
        Compare.Close([scratchLoss], [torchLoss.to_type(ScalarType.Float64).item<double>()], tolerance, "loss");
        for (var i = 0; i < scratch.DenseLayers.Count; i++)
        {
            var dense = scratch.DenseLayers[i];
            var linear = torchModel.Linears[i];
            Compare.Close(dense.Weight.Grad, TensorConvert.ToMatrix(linear.weight!.grad!), tolerance, $"layer {i} weight gradient", Floor(dense.Weight.Grad));
            Compare.Close(dense.Bias.Grad, TensorConvert.ToMatrix(linear.bias!.grad!.unsqueeze(0)), tolerance, $"layer {i} bias gradient", Floor(dense.Bias.Grad));
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    public void Conv2d_SharedWeights_SameOutputsAndGradients(int stride, int padding)
    {
        var conv = new Conv2d(3, 4, kernelSize: 3, stride: stride, padding: padding, seed: 23);
        var input = Volume.Random(2, 3, 7, 6, seed: 24);
        var outputGradient = conv.Forward(input).Clone();
        var random = new Random(25);
        for (var i = 0; i < outputGradient.Data.Length; i++) outputGradient.Data[i] = random.NextDouble() * 2 - 1;
        var output = conv.Forward(input);
        var inputGradient = conv.Backward(outputGradient);

        using var scope = torch.NewDisposeScope();
        var x = TensorConvert.ToTensor(input).requires_grad_(true);
        var weight = TensorConvert.ToTensor(conv.Weight.Value).reshape(4, 3, 3, 3).detach().requires_grad_(true);
        var bias = TensorConvert.ToTensor(conv.Bias.Value).reshape(4).detach().requires_grad_(true);
        var y = nn.functional.conv2d(x, weight, bias, strides: [stride, stride], padding: [padding, padding]);
        (y * TensorConvert.ToTensor(outputGradient)).sum().backward();

        Compare.Close(output.Data, TensorConvert.ToVolume(y).Data, 1e-9, "conv output");
        Compare.Close(inputGradient.Data, TensorConvert.ToVolume(x.grad!).Data, 1e-9, "input gradient");
        Compare.Close(conv.Weight.Grad.ToRowMajorArray(), weight.grad!.reshape(4, 27).to_type(ScalarType.Float64).data<double>().ToArray(), 1e-9, "weight gradient");
        Compare.Close(conv.Bias.Grad.ToRowMajorArray(), bias.grad!.data<double>().ToArray(), 1e-9, "bias gradient");
    }

    [Theory]
    [InlineData(PoolKind.Max)]
    [InlineData(PoolKind.Average)]
    public void Pool2d_SameOutputsAndGradients(PoolKind kind)
    {
        var pool = new Pool2d(kind, 2);
        var input = Volume.Random(2, 3, 6, 4, seed: 26);
        var output = pool.Forward(input);
        var outputGradient = Volume.Random(output.Batch, output.Channels, output.Height, output.Width, seed: 27);
        var inputGradient = pool.Backward(outputGradient);

        using var scope = torch.NewDisposeScope();
        var x = TensorConvert.ToTensor(input).requires_grad_(true);
        var y = kind == PoolKind.Max ? nn.functional.max_pool2d(x, 2) : nn.functional.avg_pool2d(x, 2);
        (y * TensorConvert.ToTensor(outputGradient)).sum().backward();
        Compare.Close(output.Data, TensorConvert.ToVolume(y).Data, 1e-12, "pool output");
        Compare.Close(inputGradient.Data, TensorConvert.ToVolume(x.grad!).Data, 1e-12, "input gradient");
    }

    [Fact]
    public void Losses_SameValuesAndGradientsAsTorch()
    {
        var logits = Compare.RandomMatrix(5, 1, seed: 28, scale: 4);
        int[] binary = [1, 0, 0, 1, 1];
        var bce = new BinaryCrossEntropy();
        var value = bce.Forward(logits, binary);
        var gradient = bce.Backward();
        using var scope = torch.NewDisposeScope();
        var z = TensorConvert.ToTensor(logits).requires_grad_(true);
        var target = TensorConvert.ToTensor(Matrix<double>.Build.DenseOfColumnArrays(binary.Select(b => (double)b).ToArray()));
        var torchLoss = nn.functional.binary_cross_entropy_with_logits(z, target);
        torchLoss.backward();
        Compare.Close([value], [torchLoss.item<double>()], 1e-12, "BCE value");
        Compare.Close(gradient, TensorConvert.ToMatrix(z.grad!), 1e-12, "BCE gradient");

        var prediction = Compare.RandomMatrix(4, 3, seed: 29);
        var wanted = Compare.RandomMatrix(4, 3, seed: 30);
        var mse = new MeanSquaredError();
        var mseValue = mse.Forward(prediction, wanted);
        var p = TensorConvert.ToTensor(prediction).requires_grad_(true);
        var mseTorch = nn.functional.mse_loss(p, TensorConvert.ToTensor(wanted));
        mseTorch.backward();
        Compare.Close([mseValue], [mseTorch.item<double>()], 1e-12, "MSE value");
        Compare.Close(mse.Backward(), TensorConvert.ToMatrix(p.grad!), 1e-12, "MSE gradient");
    }

    public static TheoryData<string> OptimizerNames() => ["sgd", "momentum", "adam"];

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void Optimizers_TenSteps_SameParametersAsTorch(string name)
    {
        var scratch = new NotebookKit.Scratch.Mlp([2, 5, 3], ActivationKind.Tanh, seed: 31);
        using var torchModel = new NotebookKit.Modules.Mlp([2, 5, 3], ActivationKind.Tanh, ScalarType.Float64);
        torchModel.CopyWeightsFrom(scratch);
        Optimizer mine = name switch
        {
            "sgd" => new Sgd(scratch.Parameters, 0.1),
            "momentum" => new Sgd(scratch.Parameters, 0.1, momentum: 0.9),
            _ => new Adam(scratch.Parameters, 0.05),
        };
        var parameters = torchModel.parameters().ToArray();
        using var theirs = name switch
        {
            "sgd" => (TorchSharp.Modules.OptimizerHelper)torch.optim.SGD(parameters, 0.1),
            "momentum" => torch.optim.SGD(parameters, 0.1, momentum: 0.9),
            _ => torch.optim.Adam(parameters, 0.05),
        };
        var input = Compare.RandomMatrix(8, 2, seed: 32);
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1];
        var loss = new SoftmaxCrossEntropy();
        for (var step = 0; step < 10; step++)
        {
            mine.ZeroGrad();
            loss.Forward(scratch.Forward(input), labels);
            scratch.Backward(loss.Backward());
            mine.Step();

            using var scope = torch.NewDisposeScope();
            theirs.zero_grad();
            nn.functional.cross_entropy(torchModel.forward(TensorConvert.ToTensor(input)), TensorConvert.Labels(labels)).backward();
            theirs.step();
        }
        for (var i = 0; i < scratch.DenseLayers.Count; i++)
            Compare.Close(scratch.DenseLayers[i].Weight.Value, TensorConvert.ToMatrix(torchModel.Linears[i].weight!), 1e-9, $"{name}: layer {i} weight after 10 steps");
    }
}
