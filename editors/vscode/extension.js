// The VS Code client of `botc lsp`: starts the language server for .bot files and hands
// it the documents. Highlighting comes from syntaxes/bot.tmLanguage.json, without it.
// JSON files go to the server too, for the card files of a bot: a field there goes to its
// `ask`, and is renamed with it (the server compiles only .bot documents).
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace
    .getConfiguration("botc")
    .get("command", ["botc", "lsp"]);
  const server = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient(
    "botc",
    "botc language server",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "bot" },
        { scheme: "file", language: "json" },
      ],
    }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `Could not start \`${[command, ...args].join(" ")}\` (${error.message}). ` +
        "Install botc (`pip install botc[lsp]`) or set `botc.command`."
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
