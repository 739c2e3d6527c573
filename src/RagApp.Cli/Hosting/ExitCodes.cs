namespace RagApp.Cli.Hosting;

/// <summary>The contract's exit codes.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Fatal = 1;
    public const int Usage = 2;
    public const int PartialFailure = 3;
    public const int Cancelled = 130;
}
