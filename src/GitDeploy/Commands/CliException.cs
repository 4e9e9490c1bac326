using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GitDeploy.Commands;

internal sealed class CliException(string message) : Exception(message);
