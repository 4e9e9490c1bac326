using System.CommandLine;
using GitDeploy.Server.Api.Contracts;

namespace GitDeploy.Commands;

internal static class DeploysCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app");
        var cmd = new Command(
            "deploys",
            "List an app's recent deploys with their trigger (push, webhook, api, rollback, promote, restart)."
        )
        {
            app,
            Output.Json,
        };
        Output.Action(
            cmd,
            async (p, c) =>
            {
                var (_, json) = await c.SendAsync(HttpMethod.Get, $"api/apps/{p.GetValue(app)}/deploys");
                Output.Print(
                    p,
                    json,
                    j =>
                        Output.Table(
                            j.As<DeployView[]>()
                                .Select(d =>
                                    new[]
                                    {
                                        d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                                        d.Env,
                                        d.Ref,
                                        d.CommitSha[..Math.Min(7, d.CommitSha.Length)],
                                        d.Trigger,
                                        d.Actor,
                                        d.Status,
                                        d.Tag ?? "-",
                                        d.StartedAt,
                                        d.Error ?? "-",
                                    }
                                ),
                            "ID",
                            "ENV",
                            "REF",
                            "COMMIT",
                            "TRIGGER",
                            "BY",
                            "STATUS",
                            "TAG",
                            "STARTED",
                            "ERROR"
                        )
                );
            }
        );
        return cmd;
    }
}
