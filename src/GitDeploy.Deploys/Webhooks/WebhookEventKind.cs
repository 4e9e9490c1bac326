using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace GitDeploy.Deploys.Webhooks;

public enum WebhookEventKind
{
    Ping,
    Push,
    Other,
}
