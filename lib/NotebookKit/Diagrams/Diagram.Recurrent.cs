namespace NotebookKit.Diagrams;

public static partial class Diagram
{
    /// <summary>An RNN drawn folded (one cell with a loop) and unrolled over <paramref name="steps"/> steps (chapter 06).</summary>
    public static DiagramView UnrolledRnn(int steps = 4)
    {
        if (steps is < 2 or > 8) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Expected between 2 and 8 steps to draw.");
        var svg = Canvas(300 + steps * 150, 315, "rnn");
        // Folded: one cell whose state feeds back into itself.
        var folded = svg.Box(new(90, 150), 90, 56, "RNN", "#eef4fb", fontSize: 15);
        svg.Text(new(90, 262), "xₜ", 14);
        svg.Arrow(new Point(90, 250), folded.Bottom);
        svg.Arrow(folded.Top, new(90, 52));
        svg.Text(new(90, 40), "hₜ", 14);
        svg.Path([folded.Right.Offset(0, -12), new(165, 138), new(165, 100), new(115, 100), new(115, 122)], SvgCanvas.Highlight, 1.8);
        svg.Text(new(172, 92), "hₜ₋₁ (W_hh)", 12, "start", SvgCanvas.Highlight);
        svg.Text(new(225, 150), "=", 26);
        // Unrolled.
        var left = 320.0;
        var previous = svg.Box(new(left - 40, 150), 46, 34, "h₀", "#fff6ea", SvgCanvas.Highlight, 13);
        for (var t = 1; t <= steps; t++)
        {
            var x = left + 60 + (t - 1) * 150;
            var cell = svg.Box(new(x, 150), 90, 56, "RNN", "#eef4fb", fontSize: 15);
            svg.Arrow(previous, cell, SvgCanvas.Highlight, 2, label: $"h{Subscript(t - 1)}", labelOffset: -12);
            svg.Text(new(x, 262), $"x{Subscript(t)}", 14);
            svg.Arrow(new Point(x, 250), cell.Bottom);
            svg.Arrow(cell.Top, new(x, 52));
            svg.Text(new(x, 40), $"h{Subscript(t)}", 14);
            previous = cell;
        }
        svg.Text(new(left + 60 + (steps - 1) * 75, 284), "the same weights W_ih, W_hh and biases at every step", 12, colour: SvgCanvas.Muted);
        svg.Text(new(left + 60 + (steps - 1) * 75, 300), "orange: the hidden state (隐藏状态), the network's small memory box", 12, colour: SvgCanvas.Highlight);
        return new DiagramView("A recurrent network, folded and unrolled", "Left: one cell reads xₜ and its own previous state. Right: the same cell drawn once per step. Unrolled, an RNN is a deep network whose layers share one set of weights; backpropagation through time runs backwards along the orange arrows.", svg.ToSvg("A recurrent network, folded and unrolled"));
    }

    /// <summary>The LSTM cell: the cell-state conveyor belt and the forget, input and output gates (chapter 07).</summary>
    public static DiagramView LstmCell()
    {
        var svg = Canvas(800, 400, "lstm");
        const double belt = 70, gates = 265, bus = 345;
        svg.Text(new(30, belt), "cₜ₋₁", 14, "start", bold: true);
        var forgetTimes = svg.Circle(new(230, belt), 15, "×", "#fdeeee");
        var plus = svg.Circle(new(400, belt), 15, "+", "#eef4fb");
        svg.Text(new(770, belt), "cₜ", 14, "end", bold: true);
        svg.Arrow(new Point(70, belt), forgetTimes.Left, SvgCanvas.Highlight, 2.5);
        svg.Arrow(forgetTimes.Right, plus.Left, SvgCanvas.Highlight, 2.5);
        svg.Arrow(plus.Right, new(745, belt), SvgCanvas.Highlight, 2.5);
        svg.Text(new(560, belt - 18), "cell state (细胞状态): the conveyor belt", 12, colour: SvgCanvas.Highlight);

        var forget = svg.Box(new(230, gates), 86, 48, "σ\n遗忘门 f", "#fdeeee", fontSize: 12);
        var input = svg.Box(new(340, gates), 86, 48, "σ\n输入门 i", "#eef7ee", fontSize: 12);
        var candidate = svg.Box(new(450, gates), 86, 48, "tanh\ncandidate g", "#eef4fb", fontSize: 12);
        var output = svg.Box(new(580, gates), 86, 48, "σ\n输出门 o", "#f3effa", fontSize: 12);
        var write = svg.Circle(new(400, 165), 15, "×", "#eef7ee");
        svg.Arrow(forget, forgetTimes);
        svg.Path([input.Top, new(340, 165), write.Left]);
        svg.Path([candidate.Top, new(450, 165), write.Right]);
        svg.Arrow(write, plus);
        svg.Text(new(222, 170), "f ⊙ cₜ₋₁: what to keep", 12, "end", SvgCanvas.Backward);
        svg.Text(new(465, 140), "i ⊙ g: what to write", 12, "start", SvgCanvas.Green);

        var squash = svg.Box(new(690, 150), 64, 34, "tanh", "#ffffff", fontSize: 12);
        svg.Path([new(690, belt), squash.Top]);
        var show = svg.Circle(new(690, gates), 15, "×", "#f3effa");
        svg.Arrow(squash, show);
        svg.Arrow(output, show);
        svg.Arrow(show.Right, new(775, gates));
        svg.Text(new(770, gates - 18), "hₜ", 14, "end", bold: true);
        svg.Text(new(690, gates + 32), "o ⊙ tanh(cₜ)", 12, colour: SvgCanvas.Purple);

        svg.Text(new(30, bus), "hₜ₋₁", 14, "start", bold: true);
        svg.Line(new(70, bus), new(580, bus), SvgCanvas.Ink, 1.4);
        svg.Text(new(120, 388), "xₜ", 14);
        svg.Arrow(new Point(120, 376), new(120, bus + 2));
        foreach (var gate in new[] { forget, input, candidate, output }) svg.Arrow(new Point(gate.Centre.X, bus), gate.Bottom);
        svg.Text(new(330, bus + 22), "every gate reads [hₜ₋₁, xₜ] with its own weights and bias", 12, colour: SvgCanvas.Muted);
        return new DiagramView("The LSTM cell", "Three sigmoid gates, each between 0 and 1 for every unit: the forget gate scales the old memory, the input gate scales the new candidate, the output gate decides how much of the memory to show as hₜ. Along the orange belt the memory is only multiplied by f and added to: no weight matrix, no squashing, so memory and gradient can cross many steps.", svg.ToSvg("The LSTM cell"));
    }

    /// <summary>The GRU cell: update and reset gates on a single state (chapter 07).</summary>
    public static DiagramView GruCell()
    {
        var svg = Canvas(800, 400, "gru");
        const double belt = 70, gates = 265, bus = 345;
        svg.Text(new(30, belt), "hₜ₋₁", 14, "start", bold: true);
        var keep = svg.Circle(new(300, belt), 15, "×", "#fdeeee");
        var plus = svg.Circle(new(540, belt), 15, "+", "#eef4fb");
        svg.Text(new(770, belt), "hₜ", 14, "end", bold: true);
        svg.Arrow(new Point(70, belt), keep.Left, SvgCanvas.Highlight, 2.5);
        svg.Arrow(keep.Right, plus.Left, SvgCanvas.Highlight, 2.5);
        svg.Arrow(plus.Right, new(745, belt), SvgCanvas.Highlight, 2.5);
        svg.Text(new(420, belt - 18), "z ⊙ hₜ₋₁: keep", 12, colour: SvgCanvas.Highlight);

        var reset = svg.Box(new(170, gates), 86, 48, "σ\n重置门 r", "#eef7ee", fontSize: 12);
        var update = svg.Box(new(300, gates), 86, 48, "σ\n更新门 z", "#fdeeee", fontSize: 12);
        var candidate = svg.Box(new(540, gates), 96, 48, "tanh\ncandidate n", "#eef4fb", fontSize: 12);
        svg.Arrow(update, keep);
        var oneMinus = svg.Box(new(420, 165), 52, 30, "1 − z", "#fdeeee", fontSize: 12);
        svg.Path([update.Right.Offset(0, -10), new(420, gates - 10), oneMinus.Bottom]);
        var take = svg.Circle(new(540, 165), 15, "×", "#eef4fb");
        svg.Arrow(oneMinus, take);
        svg.Arrow(candidate, take);
        svg.Arrow(take, plus);
        svg.Text(new(555, 120), "(1 − z) ⊙ n: take new", 12, "start", SvgCanvas.Forward);
        svg.Path([reset.Right.Offset(0, 12), new(250, gates + 12), new(250, 305), new(470, 305), new(470, gates + 14), candidate.Left.Offset(0, 14)], SvgCanvas.Green);
        svg.Text(new(360, 322), "r ⊙ (U hₜ₋₁): how much of the past the candidate may use", 11, colour: SvgCanvas.Green);

        svg.Text(new(30, bus), "hₜ₋₁", 14, "start", bold: true);
        svg.Line(new(70, bus), new(540, bus), SvgCanvas.Ink, 1.4);
        svg.Text(new(110, 388), "xₜ", 14);
        svg.Arrow(new Point(110, 376), new(110, bus + 2));
        foreach (var gate in new[] { reset, update }) svg.Arrow(new Point(gate.Centre.X, bus), gate.Bottom);
        svg.Arrow(new Point(540, bus), candidate.Bottom);
        return new DiagramView("The GRU cell", "One state, two gates. The update gate z does the work of the LSTM's forget and input gates together: the new state is z ⊙ hₜ₋₁ + (1 − z) ⊙ n, so keeping and writing always add up to one. The reset gate r decides how much of the old state the candidate n may look at.", svg.ToSvg("The GRU cell"));
    }
}
