/// Text reduced to its letters and digits, upper-cased: what two readings of the same words
/// share however they are spaced and punctuated (`Sdn. Bhd.` and `SDN BHD`). The evaluator
/// scores fields this way, and the batch consensus compares readings this way.
func lettersAndDigits(_ s: String) -> String {
    String(s.uppercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(Character.init))
}
