import DescentCommands
import DescentCore
import DescentLearn
import Foundation
import Testing
import _TestSupport

/// `descent fit` against scikit-learn on the bundled datasets (Tools/references/fit_cli.py →
/// References/fit_cli.json): the same model on the same data gives the same coefficients,
/// objective, zeros, metrics, paths and cross-validation; plus CSV tables, the text summary,
/// the plot, and every refused combination of options with its one-line message.
@Suite("descent fit")
struct FitCommandTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let command = try FitCommand.parse(arguments)
        let (output, _) = try command.fitted()
        return try JSONSerialization.jsonObject(with: Data(output.json.rendered().utf8)) as! [String: Any]
    }

    static func values(_ object: Any?, _ names: [String]) -> [Double] {
        let map = object as! [String: Double]
        return names.map { map[$0]! }
    }

    static let diabetesColumns = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]

    @Test("ols, ridge, lasso and elasticnet on diabetes are scikit-learn's")
    func regression() throws {
        let cases = try ReferenceData.load("fit_cli")["cases"]
        // Direct solvers (SVD, Cholesky) on a well-conditioned 442 × 10 problem: rounding only.
        // Coordinate descent to a duality gap of 1e-10·‖y‖²/n on both sides: ~1e-7 relative.
        for (name, rtol) in [("ols", 1e-9), ("ridge", 1e-9), ("lasso", 1e-7), ("elasticnet", 1e-7)] {
            let reference = cases[name]
            let out = try FitCommandTests.json((reference.object["arguments"] as! [String]))
            #expect(Array(out.keys).sorted() == ["coefficients", "intercept", "iterations", "metrics", "objective", "termination", "zeros"])
            expectClose(FitCommandTests.values(out["coefficients"], FitCommandTests.diabetesColumns), reference.doubles("coefficients"),
                        rtol: rtol, atol: 1e-6, "\(name) coefficients")
            expectClose(out["intercept"] as! Double, reference.double("intercept"), rtol: 1e-12, "\(name) intercept: the mean of y")
            expectClose(out["objective"] as! Double, reference.double("objective"), rtol: 1e-9, "\(name) objective, second order in the coefficients' error")
            #expect(out["zeros"] as? Int == reference.int("zeros"), "\(name)")
            let metrics = out["metrics"] as! [String: Any]
            #expect(metrics["split"] as? String == "training" && metrics["rows"] as? Int == 442)
            for (key, name) in [("r_squared", "r2"), ("mse", "mse"), ("mae", "mae")] {
                expectClose(metrics[key] as! Double, reference.double(name), rtol: 1e-8, "\(name) \(key) on the training rows")
            }
        }
    }

    @Test("--path: α from α_max down to ε·α_max and the coefficient paths, as enet_path")
    func path() throws {
        let reference = try ReferenceData.load("fit_cli")["cases"]["path"]
        let out = try FitCommandTests.json(reference.object["arguments"] as! [String])
        expectClose(out["alphas"] as! [Double], reference.doubles("alphas"), rtol: 1e-13, "α_max = max|Xᵀy|/(nρ), then log-spaced: rounding only")
        let paths = out["path"] as! [String: [Double]]
        let expected = reference["path"]
        for name in FitCommandTests.diabetesColumns {
            expectClose(paths[name]!, expected.doubles(name), rtol: 1e-6, atol: 1e-6, "path of \(name), both to a gap of 1e-10·‖y‖²/n")
        }
    }

    @Test("--cv: the α grid, mean fold errors and the chosen α, as LassoCV with KFold(5)")
    func crossValidation() throws {
        let reference = try ReferenceData.load("fit_cli")["cases"]["cv"]
        let out = try FitCommandTests.json(reference.object["arguments"] as! [String])
        expectClose(out["alphas"] as! [Double], reference.doubles("alphas"), rtol: 1e-13, "the grid: rounding only")
        expectClose(out["cv_scores"] as! [Double], reference.doubles("cv_scores"), rtol: 1e-7, "mean squared errors of converged fits")
        expectClose(out["best_alpha"] as! Double, reference.double("best_alpha"), rtol: 1e-13, "the same grid point: rounding of the grid only")
        expectClose(FitCommandTests.values(out["coefficients"], FitCommandTests.diabetesColumns), reference.doubles("coefficients"),
                    rtol: 1e-7, atol: 1e-6, "the refit at the best α")
    }

    @Test("logistic on standardized breast cancer (L2 and L1) is scikit-learn's")
    func logistic() throws {
        let cases = try ReferenceData.load("fit_cli")["cases"]
        for name in ["logistic_l2", "logistic_l1"] {
            let reference = cases[name]
            let out = try FitCommandTests.json(reference.object["arguments"] as! [String])
            let coefficients = (out["coefficients"] as! [String: Double])
            #expect(coefficients.count == 30)
            // Both optimize to tolerances of 1e-10 (ours) and 1e-10/1e-12 (newton-cholesky/saga): ~1e-7 relative.
            let ordered = Dataset.breastCancer.columnNames.map { coefficients[$0]! }
            expectClose(ordered, reference.doubles("coefficients"), rtol: 1e-6, atol: 1e-7, "\(name) coefficients")
            expectClose(out["intercept"] as! Double, reference.double("intercept"), rtol: 1e-6, atol: 1e-7, "\(name) intercept")
            expectClose(out["objective"] as! Double, reference.double("objective"), rtol: 1e-9, "\(name) objective C·Σ loss + penalty")
            #expect(out["zeros"] as? Int == reference.int("zeros"), "\(name)")
            let metrics = out["metrics"] as! [String: Any]
            expectClose(metrics["accuracy"] as! Double, reference.double("accuracy"), rtol: 1e-15, "\(name): the same predictions (the mean rounds in its last bit)")
            expectClose(metrics["log_loss"] as! Double, reference.double("log_loss"), rtol: 1e-6, "\(name) log-loss")
            expectClose(metrics["roc_auc"] as! Double, reference.double("roc_auc"), rtol: 1e-12, "\(name) AUC: a rank statistic")
        }
    }

    @Test("ols with more columns than rows says so and suggests ridge")
    func underdeterminedOLS() throws {
        let run = try DescentCLI.run(["fit", "wide.csv", "--target", "y", "--model", "ols"],
                                     files: ["wide.csv": "a,b,c,y\n1,2,3,1\n2,1,0,2\n"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("underdetermined") && run.stderr.contains("--model ridge"), "stderr: \(run.stderr)")
        let square = try DescentCLI.run(["fit", "tall.csv", "--target", "y", "--model", "ols"],
                                        files: ["tall.csv": "a,y\n1,1\n2,2.5\n3,2.9\n"])
        #expect(square.status == 0 && square.stderr.isEmpty, "stderr: \(square.stderr)")
    }

    @Test("--C and --solver, as the issue spells them, are --c and --method")
    func contractSpellings() throws {
        let issue = try DescentCLI.run(["fit", "dataset:breast_cancer", "--model", "logistic", "--standardize",
                                        "--C", "0.5", "--solver", "newton", "--json"])
        let vocabulary = try DescentCLI.run(["fit", "dataset:breast_cancer", "--model", "logistic", "--standardize",
                                             "--c", "0.5", "--method", "newton", "--json"])
        let other = try DescentCLI.run(["fit", "dataset:breast_cancer", "--model", "logistic", "--standardize",
                                        "--C", "0.05", "--solver", "newton", "--json"])
        #expect(issue.status == 0 && vocabulary.status == 0 && other.status == 0, "stderr: \(issue.stderr)\(vocabulary.stderr)")
        #expect(issue.stdout == vocabulary.stdout)
        #expect(issue.stdout != other.stdout, "--C changes the fit")
    }

    @Test("the readable summary of a fit (golden)")
    func text() throws {
        let run = try DescentCLI.run(["fit", "dataset:diabetes", "--model", "lasso", "--alpha", "0.5"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout == """
            model: lasso (alpha = 0.5), solver: coordinate descent (gram)
            coefficients:
              age  0
              sex  0
              bmi  471.042
              bp   136.504
              s1   0
              s2   0
              s3   -58.319
              s4   0
              s5   408.023
              s6   0
            intercept: 152.133
            objective: 2152.12
            termination: converged (duality gap below tolerance)
            iterations: 9
            zeros: 6 of 10 coefficients
            metrics (training rows: 442): r_squared 0.455241, mse 3230.36, mae 47.5001

            """)
    }

    @Test("a CSV table: target by name, dropped and one-hot columns, missing values, a held-out test part")
    func csvTable() throws {
        var csv = "id,size,color,price\n"
        for i in 0..<40 {
            let color = ["red", "blue", "green"][i % 3]
            let bump = ["red": 3.0, "blue": -1.0, "green": 0.5][color]!
            csv += "\(i),\(Double(i) / 4),\(color),\(2 * Double(i) / 4 + bump + 1)\n"
        }
        csv += "40,,red,5\n"
        let run = try DescentCLI.run(["fit", "data.csv", "--target", "price", "--drop", "id", "--one-hot", "color", "--missing", "drop-rows",
                                      "--model", "ols", "--test-fraction", "0.25", "--seed", "3", "--json"], files: ["data.csv": csv])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let out = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let coefficients = out["coefficients"] as! [String: Double]
        #expect(Set(coefficients.keys) == ["size", "color=blue", "color=green", "color=red"])
        // price = 2·size + bump(color) + 1 exactly: the one-hot columns and the intercept share the
        // constant (collinear), so compare the identifiable parts: the slope and the colour differences.
        expectClose(coefficients["size"] ?? .nan, 2, rtol: 1e-12, "exact linear data, SVD minimum-norm solution")
        expectClose((coefficients["color=red"] ?? .nan) - (coefficients["color=blue"] ?? .nan), 4, rtol: 1e-12, "red − blue bump")
        let metrics = out["metrics"] as! [String: Any]
        #expect(metrics["split"] as? String == "test" && metrics["rows"] as? Int == 10)
        expectClose(metrics["r_squared"] as? Double ?? .nan, 1, rtol: 1e-12, "exact data predict exactly")
    }

    @Test("--path --plot writes the coefficient paths as SVG")
    func plot() throws {
        let run = try DescentCLI.run(["fit", "dataset:diabetes", "--model", "lasso", "--path", "--alphas", "10", "--plot", "paths.svg"],
                                     reading: ["paths.svg"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let svg = run.files["paths.svg"] ?? ""
        #expect(svg.hasPrefix("<svg") && svg.contains("lasso coefficient paths") && svg.contains(">bmi<"))
        #expect(run.stdout.contains("path: 10 values of alpha from 2.14804 to 0.00214804"))
    }

    @Test("refused: one line that says what to change", arguments: [
        (["fit", "dataset:diabetes", "--model", "logistic", "--alpha", "1"], "Error: --alpha applies to ridge, lasso and elasticnet (logistic and softmax take --c), not to --model logistic"),
        (["fit", "dataset:diabetes", "--model", "ridge", "--c", "1"], "Error: --c applies to logistic and softmax (the others take --alpha), not to --model ridge"),
        (["fit", "dataset:diabetes", "--model", "ridge", "--path"], "Error: --path applies to lasso and elasticnet, not to --model ridge"),
        (["fit", "dataset:diabetes", "--model", "lasso", "--method", "newton"], "Error: --method newton does not fit lasso (coordinate-descent, fista)"),
        (["fit", "dataset:diabetes", "--model", "lasso", "--cv", "5", "--alpha", "1"], "Error: --cv chooses α itself; drop --alpha"),
        (["fit", "dataset:diabetes", "--model", "lasso", "--plot", "p.svg"], "Error: --plot draws the coefficient paths: add --path"),
        (["fit", "dataset:diabetes", "--model", "ols", "--test-fraction", "1.5"], "Error: --test-fraction must be in (0, 1), got 1.5"),
        (["fit", "dataset:diabetes", "--model", "softmax", "--penalty", "l1"], "Error: --penalty l1 does not apply to softmax (none, l2)"),
        (["fit", "dataset:diabets", "--model", "ols"], "error: no bundled dataset 'diabets'; did you mean 'diabetes'?"),
        (["fit", "dataset:diabetes", "--model", "ols", "--target", "bmi"], "error: dataset:diabetes: the target of a bundled dataset is its 'target' column, not 'bmi' (drop --target)"),
        (["fit", "dataset:diabetes", "--model", "ols", "--drop", "bmii"], "error: no column 'bmii'; did you mean 'bmi'?"),
        (["fit", "dataset:diabetes", "--model", "logistic"], "error: label 151.0 at row 0 is not 0 or 1 (binary logistic regression needs labels in {0, 1})"),
        (["fit", "data.csv", "--model", "ols"], "error: data.csv: name the target column with --target COL (a CSV file has no default target)"),
        (["fit", "text.csv", "--model", "ridge", "--target", "kind"], "error: text.csv: the target column 'kind' holds class names (a, b); fit it with --model logistic or softmax"),
        (["fit", "data.csv", "--model", "ols", "--target", "yy"], "error: data.csv: the target column 'yy' is not a column of the header; did you mean 'y'?"),
        (["fit", "data.csv", "--model", "ols", "--target", "y", "--drop", "x"], "error: data.csv: line 3, column 2: missing target value (an empty field) in column 'y'; a label is never imputed (drop the rows with missing values instead)"),
        (["fit", "data.csv", "--model", "ols", "--target", "x"], "error: data.csv: line 3, column 2: missing value (an empty field) in column 'y'; choose a missing-value policy (drop rows or mean imputation) to accept it"),
    ])
    func refused(arguments: [String], message: String) throws {
        let run = try DescentCLI.run(arguments, files: ["data.csv": "x,y\n1,2\n2,\n3,7\n", "text.csv": "x,kind\n1,a\n2,b\n"])
        #expect(run.status != 0)
        #expect(run.stderr.split(separator: "\n").first.map(String.init) == message, "stderr: \(run.stderr)")
    }
}
