namespace GitDeploy.Server.Auth;

public static class RequirePermission
{
    public static TBuilder Require<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new PermissionRequirement(permission));

    /// <summary>The caller; set by <see cref="ApiAccessMiddleware"/> before any /api/ endpoint runs.</summary>
    public static Principal Principal(this HttpContext ctx) => (Principal)ctx.Items[AccessControl.ItemKey]!;
}
