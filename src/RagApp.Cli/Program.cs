using RagApp.Cli.Hosting;

using var interrupts = new InterruptSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels gracefully (an answer in chat, or the command); the process is not killed.
    e.Cancel = true;
    interrupts.Interrupt();
};

return await CliApp.RunAsync(args, interrupts);
