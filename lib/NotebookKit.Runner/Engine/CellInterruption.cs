using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// Makes a cell stoppable from outside. .NET cannot abort a running thread, so the Jupyter kernel
/// compiles each cell with a check at the top of every loop body (<c>while</c>, <c>do</c>, <c>for</c>,
/// <c>foreach</c>): the check throws <see cref="OperationCanceledException"/> once an interrupt was
/// requested (<see cref="NotebookKit.Kit.Interruption"/>, which the kit's own loops also watch).
/// The checks are inserted without new lines, so line numbers in errors stay the cell's.
/// </summary>
public static class CellInterruption
{
    private static readonly string CheckCall = $"global::{typeof(CellInterruption).FullName}.{nameof(Check)}();";

    /// <summary>Called by instrumented cell code at the top of every loop body.</summary>
    public static void Check() => NotebookKit.Kit.Interruption.ThrowIfCancellationRequested();

    /// <summary>The cell's code with a check in every loop body (the code itself when it has no loop).</summary>
    public static string Instrument(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest));
        var root = tree.GetRoot();
        if (!root.DescendantNodes().Any(n => n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax))
            return code;
        return new LoopRewriter().Visit(root).ToFullString();
    }

    private sealed class LoopRewriter : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node) =>
            ((WhileStatementSyntax)base.VisitWhileStatement(node)!) is var visited ? visited.WithStatement(WithCheck(visited.Statement)) : null;

        public override SyntaxNode? VisitDoStatement(DoStatementSyntax node) =>
            ((DoStatementSyntax)base.VisitDoStatement(node)!) is var visited ? visited.WithStatement(WithCheck(visited.Statement)) : null;

        public override SyntaxNode? VisitForStatement(ForStatementSyntax node) =>
            ((ForStatementSyntax)base.VisitForStatement(node)!) is var visited ? visited.WithStatement(WithCheck(visited.Statement)) : null;

        public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node) =>
            ((ForEachStatementSyntax)base.VisitForEachStatement(node)!) is var visited ? visited.WithStatement(WithCheck(visited.Statement)) : null;

        public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node) =>
            ((ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!) is var visited ? visited.WithStatement(WithCheck(visited.Statement)) : null;

        private static StatementSyntax WithCheck(StatementSyntax body)
        {
            var check = SyntaxFactory.ParseStatement(CheckCall);
            if (body is BlockSyntax block) return block.WithStatements(block.Statements.Insert(0, check));
            // A body without braces gets braces around it on the same lines: { check; body }
            return SyntaxFactory.Block(check, body)
                .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken))
                .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken));
        }
    }
}
