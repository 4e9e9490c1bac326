using Dapper;

namespace GitDeploy.State;

public sealed class InstanceStore(Database db)
{
    public void Add(InstanceRecord r)
    {
        using var c = db.Open();
        c.Execute(
            "INSERT INTO instances (id, app, env, name, tag, pid, pid_start_ticks, "
                + "port, started_at) VALUES (@Id, @App, @Env, @Name, @Tag, "
                + "@Pid, @PidStartTicks, @Port, @StartedAt)",
            r
        );
    }

    public void Remove(string id)
    {
        using var c = db.Open();
        c.Execute("DELETE FROM instances WHERE id = @id", new { id });
    }

    public IReadOnlyList<InstanceRecord> All()
    {
        using var c = db.Open();
        return c.Query<InstanceRecord>(
                "SELECT id, app, env, name, tag, pid, pid_start_ticks AS "
                    + "PidStartTicks, port, started_at AS StartedAt FROM instances"
            )
            .AsList();
    }
}
