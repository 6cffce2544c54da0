import TelemetrySiteCLI

await TelemetrySiteMain.main()
