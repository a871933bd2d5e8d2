import DescentCore
import Foundation
import Testing
import _TestSupport
@testable import DescentLearn

/// accuracy, logLoss, rocAUC and confusionMatrix against scikit-learn's metrics (ties in the
/// scores, probabilities 0 and 1 that need clipping, weights); generator: Tools/references/logistic_models.py.
@Suite("Classification metrics")
struct ClassificationMetricsTests {
    static let m = try! ReferenceData.load("logistic_models")["metrics"]

    @Test("binary metrics equal scikit-learn's to 1e-12")
    func binary() throws {
        let y = Self.m.tensor("y"), scores = Self.m.tensor("scores"), w = Self.m.tensor("weights"), predicted = Self.m.tensor("predicted")
        // Sums of at most 40 terms in a different order than NumPy's: a few ulps, far below 1e-12.
        expectClose(try accuracy(y, predicted), Self.m.double("accuracy"), rtol: 1e-12)
        expectClose(try accuracy(y, predicted, sampleWeights: w), Self.m.double("accuracy_weighted"), rtol: 1e-12)
        expectClose(try logLoss(y, scores), Self.m.double("log_loss"), rtol: 1e-12)
        expectClose(try logLoss(y, scores, sampleWeights: w), Self.m.double("log_loss_weighted"), rtol: 1e-12)
        expectClose(try rocAUC(y, scores), Self.m.double("roc_auc"), rtol: 1e-12)
        expectClose(try rocAUC(y, scores, sampleWeights: w), Self.m.double("roc_auc_weighted"), rtol: 1e-12)
        #expect(try confusionMatrix(y, predicted) == Self.m.tensor("confusion"))
        expectClose(try confusionMatrix(y, predicted, sampleWeights: w), Self.m.tensor("confusion_weighted"), rtol: 1e-12)
    }

    @Test("multiclass log-loss, accuracy and confusion matrix equal scikit-learn's")
    func multiclass() throws {
        let y = Self.m.tensor("multi_y")
        expectClose(try logLoss(y, Self.m.tensor("multi_probabilities")), Self.m.double("multi_log_loss"), rtol: 1e-12)
        #expect(try confusionMatrix(y, Self.m.tensor("multi_predicted")) == Self.m.tensor("multi_confusion"))
        expectClose(try accuracy(y, Self.m.tensor("multi_predicted")), Self.m.double("multi_accuracy"), rtol: 1e-12)
    }

    @Test("exact cases: ties count half, a confident mistake costs −log ε")
    func exact() throws {
        // All scores tied: the ROC curve is the diagonal, area ½.
        #expect(try rocAUC(Tensor([0, 1, 0, 1]), Tensor([0.3, 0.3, 0.3, 0.3])) == 0.5)
        #expect(try rocAUC(Tensor([0, 0, 1, 1]), Tensor([0.1, 0.4, 0.35, 0.8])) == 0.75)
        // p = 0 for a positive is clipped to ε = 2⁻⁵²: loss −log ε = 52 log 2.
        expectClose(try logLoss(Tensor([1]), Tensor([0]), classes: [0, 1]), 52 * Foundation.log(2.0), rtol: 1e-15)
    }

    @Test("bad input: mismatched shapes, probabilities outside [0, 1], one class for AUC")
    func badInput() {
        #expect(throws: ClassificationError.shapeMismatch(first: "y", firstShape: [3], second: "predictions", secondShape: [2])) {
            try accuracy(Tensor([0, 1, 1]), Tensor([0, 1]))
        }
        #expect(throws: ClassificationError.probabilityOutOfRange(value: 1.5, row: 1)) { try logLoss(Tensor([0, 1]), Tensor([0.2, 1.5])) }
        #expect(throws: ClassificationError.singleClass(label: 1)) { try rocAUC(Tensor([1, 1]), Tensor([0.2, 0.3])) }
        #expect(throws: ClassificationError.labelNotInClasses(value: 5, row: 1, classes: [0, 1])) {
            try logLoss(Tensor([0, 5]), Tensor([0.2, 0.3]), classes: [0, 1])
        }
        #expect(throws: ClassificationError.nonFinite(input: "scores", row: 1, column: nil, value: .infinity)) {
            try rocAUC(Tensor([0, 1]), Tensor([0.2, .infinity]))
        }
    }
}
