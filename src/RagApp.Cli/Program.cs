using RagApp.Cli.Chat;
using RagApp.Cli.Hosting;

using var interrupts = new InterruptSource();
Console.CancelKeyPress += (_, e) =>
{
    // Cancel gracefully instead of killing the process: in chat, Ctrl+C stops the answer being written, not the chat.
    e.Cancel = true;
    if (!ChatLoop.InterruptRunning())
    {
        interrupts.Interrupt();
    }
};

return await CliApp.RunAsync(args, interrupts);
