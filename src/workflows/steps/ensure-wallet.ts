// Moved to the wallets domain; kept so that files of other branches still resolve while they are merged. Import from "../wallets".
export * from "../wallets/steps/ensure-wallet"
