// The nonzero minimum values of the Moré–Garbow–Hillstrom problems. Global minima ("polished") are
// the paper's printed 6-digit values refined by MINPACK's Levenberg–Marquardt to full precision in
// Tools/references/mgh_suite.py, which checks each against the printed digits; the local minima
// (and minima at infinity) are the paper's printed values.
//
// Reference: J. J. Moré, B. S. Garbow and K. E. Hillstrom, ACM TOMS 7(1), 1981, pp. 17–41.
enum MGHMinima {
    static let jennrichSampson = 124.36218235561488        // paper: 124.362 (m = 10)
    static let bard = 0.008214877306578966                 // paper: 8.21487e-3
    static let bardAtInfinity = 17.4286                    // paper, at (0.8406, −∞, −∞)
    static let gaussian = 1.1279327696189551e-08           // paper: 1.12793e-8
    static let meyer = 87.94585517067375                   // paper: 87.9458
    static let kowalikOsborne = 0.0003075056038492369      // paper: 3.07505e-4
    static let kowalikOsborneAtInfinity = 1.02734e-3       // paper, at (+∞, −14.07, −∞, −∞)
    static let brownDennis = 85822.20162635749             // paper: 85822.2 (m = 20)
    static let osborne1 = 5.464894697482642e-05            // paper: 5.46489e-5
    static let biggsEXP6Local = 5.65565e-3                 // paper, local minimum for m = 13
    static let osborne2 = 0.040137736293547666             // paper: 4.01377e-2
    static let watson6 = 0.0022876700535523686             // paper: 2.28767e-3 (n = 6)
    static let penaltyI10 = 7.08765146709038e-05           // paper: 7.08765e-5 (n = 10)
    static let penaltyII10 = 0.00029366053745674594        // paper: 2.93660e-4 (n = 10)
    static let chebyquad8 = 0.0035168737256779255          // paper: 3.51687e-3 (m = n = 8)
    static let freudensteinRothLocal = 48.9842             // paper, at (11.41, −0.8968)
    static let trigonometric10Local = 2.79506e-5           // later literature, n = 10 from the standard start
}
