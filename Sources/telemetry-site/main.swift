import TelemetrySiteCLI

TelemetrySiteMain.main()
